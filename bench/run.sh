#!/usr/bin/env bash
# bench/run.sh: apiary host vs. a raw Poco HTTPServer on GET /hello/{name}, as a ratio.
#
#   bash bench/run.sh [build-dir]        (default: <repo>/build)
#
# build-dir must hold host/apiary and plugins/libhello.so from the main build; if either is
# missing, the main project is configured (RelWithDebInfo, tests off) and built there with -j2.
# The baseline (bench/poco_hello_baseline.cpp) is built in <build-dir>/bench-standalone.
#
# Both servers run at once on 127.0.0.1 (port 0); each is warmed up, then wrk loads them in
# turn, A/B/A/B, so that noise on this shared machine hits both sides alike. See bench/README.md.
#
# Knobs (environment): ROUNDS=3 DURATION=10 (seconds per run) WARMUP=3 (seconds per server)
#                      THREADS=2 CONNECTIONS=32 (wrk -t/-c) NAME=bench (the {name} requested)
set -euo pipefail
SCRIPT_NAME=run.sh
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
NAME=${NAME:-bench}
BUILD_DIR=$(realpath -m "${1:-$ROOT/build}")
BASELINE_BUILD="$BUILD_DIR/bench-standalone"

require_positive ROUNDS DURATION WARMUP THREADS CONNECTIONS
[[ $NAME =~ ^[A-Za-z0-9._~-]{1,64}$ ]] || die "NAME must be 1-64 unreserved URL characters"
BASELINE_PID=""
HOST_PID=""

# --- tools (processes and the temporary directory are cleaned up by lib.sh) -----------------
need_wrk
need_cmake

# --- builds --------------------------------------------------------------------------------
HOST_BIN="$BUILD_DIR/host/apiary"
PLUGIN_DIR="$BUILD_DIR/plugins"
if [[ ! -x $HOST_BIN || ! -f $PLUGIN_DIR/libhello.so ]]; then
  say "== building apiary and hello in $BUILD_DIR (-j$JOBS)"
  if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
    timeout 600 cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DAPIARY_BUILD_TESTS=OFF >/dev/null || die "configuring the main project failed"
  fi
  timeout 3600 cmake --build "$BUILD_DIR" -j"$JOBS" --target apiary hello ||
    die "building apiary/hello failed"
fi
[[ -x $HOST_BIN && -f $PLUGIN_DIR/libhello.so ]] || die "no $HOST_BIN or $PLUGIN_DIR/libhello.so"
HOST_BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null || true)
case "${HOST_BUILD_TYPE:-}" in
  Release | RelWithDebInfo | MinSizeRel) ;;
  *) say "warning: $BUILD_DIR is a '${HOST_BUILD_TYPE:-unknown}' build; the ratio is only" \
       "meaningful against an optimised host (RelWithDebInfo or Release)" >&2 ;;
esac

say "== building the baseline in $BASELINE_BUILD"
timeout 600 cmake -S "$BENCH_DIR" -B "$BASELINE_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  >/dev/null || die "configuring bench/ failed"
timeout 600 cmake --build "$BASELINE_BUILD" -j"$JOBS" >/dev/null || die "building bench/ failed"
BASELINE_BIN="$BASELINE_BUILD/poco_hello_baseline"

# --- servers -------------------------------------------------------------------------------
"$BASELINE_BIN" 0 >"$TMP/baseline.port" 2>"$TMP/baseline.log" &
BASELINE_PID=$!
track_pid "$BASELINE_PID"

cat >"$TMP/apiary.json" <<EOF
{
  "plugin_dir": "$PLUGIN_DIR",
  "state_dir": "$TMP/state",
  "access_log": false,
  "admin": { "address": "127.0.0.1", "port": 0 },
  "listeners": {
    "main": { "address": "127.0.0.1", "port": 0, "insecure": true }
  },
  "plugins": {
    "hello": { "listener": "main" }
  }
}
EOF
"$HOST_BIN" --config "$TMP/apiary.json" --port-file "$TMP/ports.json" 2>"$TMP/host.log" &
HOST_PID=$!
track_pid "$HOST_PID"

BASELINE_PORT=""
HOST_PORT=""
for _ in $(seq 150); do  # up to 15 s for both to listen
  kill -0 "$BASELINE_PID" 2>/dev/null || die "baseline exited: $(cat "$TMP/baseline.log")"
  kill -0 "$HOST_PID" 2>/dev/null || die "apiary exited at startup"
  [[ -z $BASELINE_PORT ]] && BASELINE_PORT=$(head -n 1 "$TMP/baseline.port" | tr -dc 0-9 || true)
  [[ -z $HOST_PORT && -f $TMP/ports.json ]] &&
    HOST_PORT=$(grep -o '"main"[[:space:]]*:[[:space:]]*[0-9]*' "$TMP/ports.json" | tr -dc 0-9 || true)
  [[ -n $BASELINE_PORT && -n $HOST_PORT ]] && break
  sleep 0.1
done
[[ -n $BASELINE_PORT && -n $HOST_PORT ]] || die "servers did not report their ports within 15 s"

# Both must answer the request under test identically (status, Content-Type, body).
fetch_hello() {  # port -> "status|content-type|body" of GET /hello/$NAME
  # shellcheck disable=SC2016  # $0/$1 belong to the inner shell
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    printf "GET /hello/%s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" "$1" >&3
    cat <&3' "$1" "$NAME" | tr -d '\r' | awk '
      NR == 1 { status = $2; next }
      !body && /^$/ { body = 1; next }
      !body && tolower($0) ~ /^content-type:/ { sub(/^[^:]*:[ \t]*/, ""); ctype = $0; next }
      body { text = text $0 }
      END { printf "%s|%s|%s", status, ctype, text }'
}
BASELINE_ANSWER=$(fetch_hello "$BASELINE_PORT") || die "baseline did not answer"
HOST_ANSWER=$(fetch_hello "$HOST_PORT") || die "apiary did not answer"
[[ $BASELINE_ANSWER == 200\|* ]] || die "baseline answered '$BASELINE_ANSWER'"
[[ $HOST_ANSWER == "$BASELINE_ANSWER" ]] ||
  die "answers differ: baseline '$BASELINE_ANSWER', apiary '$HOST_ANSWER'"

# --- load ----------------------------------------------------------------------------------
URL_PATH="/hello/$NAME"
WRK_PID=""
run_wrk() {  # side port seconds -> sets LINE to the report.lua line (wrk output kept in $TMP)
  local side=$1 port=$2 seconds=$3 out="$TMP/wrk-$1-$RANDOM.txt"
  # In the background, so that a signal to this script is handled at once, not after the run.
  timeout -k 5 $((seconds + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 5s \
    -s "$BENCH_DIR/report.lua" "http://127.0.0.1:$port$URL_PATH" >"$out" 2>&1 &
  WRK_PID=$!
  track_pid "$WRK_PID"
  wait "$WRK_PID" || die "wrk against $side failed: $(tail -n 5 "$out")"
  WRK_PID=""
  local pid=$BASELINE_PID
  [[ $side == host ]] && pid=$HOST_PID
  kill -0 "$pid" 2>/dev/null || die "$side died under load"
  LINE=$(grep -m 1 '^apiary-bench ' "$out") || die "no report line from wrk against $side"
}

say ""
say "apiary bench: GET $URL_PATH, wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s (keep-alive)," \
  "$ROUNDS rounds, A=baseline B=host"
say "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
say "machine:  $(uname -srm), $(nproc) cpu(s), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
say "host:     $HOST_BIN (${HOST_BUILD_TYPE:-unknown build type}," \
  "built $(date -u -r "$HOST_BIN" '+%Y-%m-%d %H:%M UTC'), tree at git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo '+dirty'))"
say "baseline: $BASELINE_BIN (RelWithDebInfo, Poco $(dpkg-query -W -f='${Version}' libpoco-dev 2>/dev/null || echo '?'))"
say "wrk:      $(wrk -v 2>&1 | head -n 1 | awk '{print $2}')"
say "answer:   $HOST_ANSWER"
say ""

say "warming up ($WARMUP s each)..."
run_wrk baseline "$BASELINE_PORT" "$WARMUP"
run_wrk host "$HOST_PORT" "$WARMUP"
sleep 1

# Columns: requests/s, p50 and p99 latency in ms; ratios are host/baseline.
HEADER=$(printf '%-7s | %10s %8s %8s | %10s %8s %8s | %7s %7s %7s' \
  round "A req/s" "A p50" "A p99" "B req/s" "B p50" "B p99" "req/s" p50 p99)
say "$(printf '%-7s | %-28s | %-28s | %s' '' 'A: raw Poco baseline (ms)' 'B: apiary host (ms)' 'B/A ratio')"
say "$HEADER"
say "${HEADER//[^|]/-}"

declare -a A_RPS A_P50 A_P99 B_RPS B_P50 B_P99 R_RPS R_P50 R_P99
ERRORS=0
for ((r = 1; r <= ROUNDS; r++)); do
  run_wrk baseline "$BASELINE_PORT" "$DURATION"
  a=$LINE
  sleep 1
  run_wrk host "$HOST_PORT" "$DURATION"
  b=$LINE
  sleep 1
  ERRORS=$((ERRORS + $(errors "$a") + $(errors "$b")))
  A_RPS+=("$(field "$a" rps)")
  A_P50+=("$(awk -v v="$(field "$a" p50_us)" 'BEGIN{printf "%.3f", v/1000}')")
  A_P99+=("$(awk -v v="$(field "$a" p99_us)" 'BEGIN{printf "%.3f", v/1000}')")
  B_RPS+=("$(field "$b" rps)")
  B_P50+=("$(awk -v v="$(field "$b" p50_us)" 'BEGIN{printf "%.3f", v/1000}')")
  B_P99+=("$(awk -v v="$(field "$b" p99_us)" 'BEGIN{printf "%.3f", v/1000}')")
  i=$((r - 1))
  R_RPS+=("$(awk -v b="${B_RPS[i]}" -v a="${A_RPS[i]}" 'BEGIN{printf "%.3f", b / a}')")
  R_P50+=("$(awk -v b="${B_P50[i]}" -v a="${A_P50[i]}" 'BEGIN{printf "%.3f", (a > 0 ? b / a : 0)}')")
  R_P99+=("$(awk -v b="${B_P99[i]}" -v a="${A_P99[i]}" 'BEGIN{printf "%.3f", (a > 0 ? b / a : 0)}')")
  printf '%-7s | %10.0f %8.3f %8.3f | %10.0f %8.3f %8.3f | %7.3f %7.3f %7.3f\n' "$r" \
    "${A_RPS[i]}" "${A_P50[i]}" "${A_P99[i]}" "${B_RPS[i]}" "${B_P50[i]}" "${B_P99[i]}" \
    "${R_RPS[i]}" "${R_P50[i]}" "${R_P99[i]}"
done

say "${HEADER//[^|]/-}"
printf '%-7s | %10.0f %8.3f %8.3f | %10.0f %8.3f %8.3f | %7.3f %7.3f %7.3f\n' median \
  "$(median "${A_RPS[@]}")" "$(median "${A_P50[@]}")" "$(median "${A_P99[@]}")" \
  "$(median "${B_RPS[@]}")" "$(median "${B_P50[@]}")" "$(median "${B_P99[@]}")" \
  "$(median "${R_RPS[@]}")" "$(median "${R_P50[@]}")" "$(median "${R_P99[@]}")"
say ""
say "ratio = host/baseline per round (median of the per-round ratios in the last row):"
say "  req/s below 1 = the host serves fewer requests; p50/p99 above 1 = the host answers slower."
# One line for scripts.
say "RESULT rounds=$ROUNDS duration_s=$DURATION threads=$THREADS connections=$CONNECTIONS" \
  "baseline_rps=$(median "${A_RPS[@]}") host_rps=$(median "${B_RPS[@]}")" \
  "ratio_rps=$(median "${R_RPS[@]}") ratio_p50=$(median "${R_P50[@]}")" \
  "ratio_p99=$(median "${R_P99[@]}") errors=$ERRORS"
if ((ERRORS > 0)); then
  say "warning: wrk counted $ERRORS errors (connect/read/write/timeout/non-2xx); see above" >&2
  exit 1
fi
