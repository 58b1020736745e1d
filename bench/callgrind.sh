#!/usr/bin/env bash
# bench/callgrind.sh: instructions per request (valgrind --tool=callgrind), host vs raw Poco.
#
#   bash bench/callgrind.sh [build-dir]        (default: <repo>/build)
#
# Unlike requests/s, instruction counts hardly move when other work shares the machine, so this
# is the before/after measure for hot-path changes (bench/README.md, "Hot path"). Each server
# runs under callgrind; wrk warms it up, callgrind's counters are zeroed, wrk sends load for
# SECONDS, the counters are dumped, and the total of all threads is divided by the requests wrk
# saw answered. Cases:
#   poco    GET /hello/bench on bench/poco_hello_baseline
#   hello   GET /hello/bench on apiary, access log off, no CORS (the old bench/run.sh case)
#   full    GET /hello/bench on apiary, access log on, CORS (bench/run's "full" row)
#   auth    GET /auth/hello/bench with a bearer token (bench/run's "auth" row)
#   poco-close, full-close   poco and full with Connection: close (a connection per request;
#           the kernel's share, accept and the TCP handshake, is not in these counts)
# Knobs: SECONDS_PER_CASE=8 CASES="poco hello full auth" KEEP_DIR= (keep the callgrind files there,
# for callgrind_annotate). Needs valgrind (apt-get install valgrind).
set -euo pipefail
SCRIPT_NAME=callgrind.sh
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SECONDS_PER_CASE=${SECONDS_PER_CASE:-8}
CASES=${CASES:-poco hello full auth}
require_positive SECONDS_PER_CASE
BUILD_DIR=$(realpath -m "${1:-$ROOT/build}")
need_wrk
command -v valgrind >/dev/null || die "valgrind is required (apt-get install valgrind)"
for f in host/apiary plugins/libhello.so plugins/libauth-bearer.so; do
  [[ -f $BUILD_DIR/$f ]] || die "no $BUILD_DIR/$f (build apiary hello auth-bearer)"
done
build_bench "$BUILD_DIR"

mkdir -p "$TMP/plugins"
cp "$BUILD_DIR/plugins/libhello.so" "$BUILD_DIR/plugins/libauth-bearer.so" "$TMP/plugins/"
config() {  # access_log cors(true|false) -> apiary.json on stdout
  local cors=""
  [[ $2 == true ]] && cors='"config": { "cors": true },'
  cat <<EOF
{ "plugin_dir": "$TMP/plugins", "state_dir": "$TMP/state", "access_log": $1,
  "admin": { "address": "127.0.0.1", "port": 0 },
  "listeners": { "main": { "address": "127.0.0.1", "port": 0, "insecure": true } },
  "plugins": {
    "bearer:bench": { "library": "auth-bearer", "config": { "realm": "bench" } },
    "hello": { "library": "hello", "listener": "main", $cors "prefix": "" },
    "hello-auth": { "library": "hello", "listener": "main", "prefix": "/auth", $cors
                    "policies": [ { "prefix": "/", "providers": ["bearer:bench"] } ] } } }
EOF
}
config false false >"$TMP/hello.json"
config true true >"$TMP/full.json"
# The "before" build of a comparison may not know the "cors" key: fall back to no CORS.
if ! "$BUILD_DIR/host/apiary" --config "$TMP/full.json" plugins >/dev/null 2>&1; then
  say "note: this build's hello plugin has no \"cors\" key; 'full' runs without CORS"
  config true false >"$TMP/full.json"
fi
"$BUILD_DIR/host/apiary" --config "$TMP/full.json" token create --realm bench --scopes '*' \
  >"$TMP/token.out" 2>&1 || die "token create failed: $(tail -n 3 "$TMP/token.out")"
TOKEN=$(sed -n 's/^secret: \([0-9a-f]\{64\}\)$/\1/p' "$TMP/token.out")
[[ -n $TOKEN ]] || die "no token"

measure() {  # case -> prints one line
  local name=$1 out="$TMP/cg-$1.out" port="" path=/hello/bench pid
  local -a cmd hdr=()
  rm -f "$TMP/ports.json" "$TMP/port.txt"
  case $name in
    poco) cmd=("$BASELINE_BIN" 0) ;;
    poco-close)
      cmd=("$BASELINE_BIN" 0)
      hdr=(-H "Connection: close")
      ;;
    full-close)
      cmd=("$BUILD_DIR/host/apiary" --config "$TMP/full.json" --port-file "$TMP/ports.json")
      hdr=(-H "Connection: close")
      ;;
    hello) cmd=("$BUILD_DIR/host/apiary" --config "$TMP/hello.json" --port-file "$TMP/ports.json") ;;
    full) cmd=("$BUILD_DIR/host/apiary" --config "$TMP/full.json" --port-file "$TMP/ports.json") ;;
    auth)
      cmd=("$BUILD_DIR/host/apiary" --config "$TMP/full.json" --port-file "$TMP/ports.json")
      path=/auth/hello/bench
      hdr=(-H "Authorization: Bearer $TOKEN")
      ;;
    *) die "unknown case $name" ;;
  esac
  valgrind --tool=callgrind --callgrind-out-file="$out" "${cmd[@]}" >"$TMP/port.txt" 2>"$TMP/host.log" &
  pid=$!
  track_pid "$pid"
  for _ in $(seq 600); do  # valgrind starts slowly: up to 60 s
    if [[ $name == poco* ]]; then port=$(head -n 1 "$TMP/port.txt" 2>/dev/null | tr -dc 0-9 || true)
    else port=$(port_from_file "$TMP/ports.json" main); fi
    [[ -n $port ]] && break
    kill -0 "$pid" 2>/dev/null || die "$name exited under valgrind"
    sleep 0.1
  done
  [[ -n $port ]] || die "$name did not start under valgrind"
  timeout 60 wrk -t1 -c4 -d3s "${hdr[@]}" "http://127.0.0.1:$port$path" >/dev/null
  callgrind_control -z "$pid" >/dev/null
  local wrk_out requests
  wrk_out=$(timeout $((SECONDS_PER_CASE + 60)) wrk -t1 -c4 -d"${SECONDS_PER_CASE}s" "${hdr[@]}" \
    -s "$BENCH_DIR/report.lua" "http://127.0.0.1:$port$path")
  callgrind_control -d "$pid" >/dev/null
  local line
  line=$(grep -m 1 '^apiary-bench ' <<<"$wrk_out") || die "no wrk report ($name)"
  requests=$(field "$line" requests)
  (($(errors "$line") == 0)) || die "wrk saw errors ($name): $line"
  stop_pid "$pid"
  local ir
  ir=$(callgrind_annotate "$out.1" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
  [[ -n $ir ]] || die "no callgrind totals ($name)"
  [[ -z ${KEEP_DIR:-} ]] || { mkdir -p "$KEEP_DIR" && cp "$out.1" "$KEEP_DIR/callgrind.$name"; }
  RESULT_IR[$name]=$((ir / requests))
  printf '%-6s %9d requests  %12d instructions  %7d per request\n' "$name" "$requests" "$ir" \
    "${RESULT_IR[$name]}"
}

say "callgrind: $BUILD_DIR/host/apiary (built $(date -u -r "$BUILD_DIR/host/apiary" '+%Y-%m-%d %H:%M UTC')), wrk -t1 -c4 -d${SECONDS_PER_CASE}s per case"
declare -A RESULT_IR
for c in $CASES; do measure "$c"; done
if [[ -n ${RESULT_IR[poco]:-} ]]; then
  for c in $CASES; do
    [[ $c == poco* ]] && continue
    base=poco
    [[ $c == *-close && -n ${RESULT_IR[poco-close]:-} ]] && base=poco-close
    say "RESULT case=$c instructions_per_request=${RESULT_IR[$c]} ratio_to_$base=$(ratio "${RESULT_IR[$c]}" "${RESULT_IR[$base]}")"
  done
fi
