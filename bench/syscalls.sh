#!/usr/bin/env bash
# bench/syscalls.sh: system calls per connection (strace -f -c), host vs raw Poco.
#
#   bash bench/syscalls.sh [build-dir]        (default: <repo>/build)
#
# Each server gets a 1 s warm-up, then strace attaches to all its threads while wrk sends
# SECONDS_PER_CASE s of load; the counts are divided by the requests wrk saw answered. The host
# runs hello with CORS and the access log (bench/run's "full" case). Knobs: SECONDS_PER_CASE=4
# CONNECTIONS=16 CLOSE=1 (0: keep-alive). Needs strace (apt-get install strace). strace slows
# both servers down a lot: read the counts, not the request rates.
set -euo pipefail
SCRIPT_NAME=syscalls.sh
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SECONDS_PER_CASE=${SECONDS_PER_CASE:-4}
CONNECTIONS=${CONNECTIONS:-16}
CLOSE=${CLOSE:-1}
require_positive SECONDS_PER_CASE CONNECTIONS
BUILD_DIR=$(realpath -m "${1:-$ROOT/build}")
need_wrk
command -v strace >/dev/null || die "strace is required (apt-get install strace)"
[[ -x $BUILD_DIR/host/apiary && -f $BUILD_DIR/plugins/libhello.so ]] ||
  die "no $BUILD_DIR/host/apiary or plugins/libhello.so (build apiary hello)"
build_bench "$BUILD_DIR"

mkdir -p "$TMP/plugins"
cp "$BUILD_DIR/plugins/libhello.so" "$TMP/plugins/"
cat >"$TMP/full.json" <<JSON
{ "plugin_dir": "$TMP/plugins", "state_dir": "$TMP/state",
  "admin": { "address": "127.0.0.1", "port": 0 },
  "listeners": { "main": { "address": "127.0.0.1", "port": 0, "insecure": true } },
  "plugins": { "hello": { "library": "hello", "listener": "main", "config": { "cors": true } } } }
JSON
hdr=()
((CLOSE == 1)) && hdr=(-H "Connection: close")

"$BASELINE_BIN" 0 >"$TMP/baseline.port" 2>"$TMP/baseline.log" &
BASE_PID=$!
track_pid "$BASE_PID"
"$BUILD_DIR/host/apiary" --config "$TMP/full.json" --port-file "$TMP/ports.json" 2>"$TMP/host.log" &
HOST_PID=$!
track_pid "$HOST_PID"
wait_for_file "$TMP/baseline.port" "$BASE_PID" 10
wait_for_file "$TMP/ports.json" "$HOST_PID" 10
BASE_PORT=$(head -n 1 "$TMP/baseline.port" | tr -dc 0-9)
HOST_PORT=$(port_from_file "$TMP/ports.json" main)

count() {  # name pid port -> "name syscall per-connection" lines
  local name=$1 pid=$2 port=$3 strace_pid requests
  timeout 30 wrk -t2 -c"$CONNECTIONS" -d1s "${hdr[@]}" "http://127.0.0.1:$port/hello/bench" >/dev/null
  strace -f -c -p "$pid" -o "$TMP/strace.$name" 2>/dev/null &
  strace_pid=$!
  sleep 0.5  # attached to every thread
  requests=$(timeout $((SECONDS_PER_CASE + 30)) wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_CASE}s" \
    "${hdr[@]}" "http://127.0.0.1:$port/hello/bench" | awk '/requests in/ { print $1 }')
  sleep 0.3
  kill -INT "$strace_pid"
  wait "$strace_pid" 2>/dev/null || true
  [[ $requests =~ ^[0-9]+$ && $requests -gt 0 ]] || die "wrk answered nothing ($name)"
  # strace -c rows: % time, seconds, usecs/call, calls, [errors,] syscall
  awk -v n="$requests" -v name="$name" '$NF != "total" && $1 ~ /^[0-9.]+$/ && NF >= 5 {
    printf "%s %s %.2f\n", name, $NF, $4 / n }' "$TMP/strace.$name"
}

say "syscalls.sh: $BUILD_DIR/host/apiary vs raw Poco, wrk -t2 -c$CONNECTIONS -d${SECONDS_PER_CASE}s$([[ $CLOSE == 1 ]] && echo ', Connection: close')"
{
  count poco "$BASE_PID" "$BASE_PORT"
  count host "$HOST_PID" "$HOST_PORT"
} >"$TMP/counts"
printf '%-18s %8s %8s\n' syscall poco host
awk '{ v[$2 "/" $1] = $3; seen[$2] = 1 } END {
  for (s in seen) printf "%-18s %8.2f %8.2f\n", s, v[s "/poco"] + 0, v[s "/host"] + 0 }' \
  "$TMP/counts" | sort -k2,2 -g -r
