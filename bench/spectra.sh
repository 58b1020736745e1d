#!/usr/bin/env bash
# bench/spectra.sh: the spectra plugin (GET /status, PUT /createPreview, GET /preview/{code}) in
# the apiary host, each as a ratio against the raw Poco baseline's GET /hello/{name}.
#
#   bash bench/spectra.sh [build-dir]        (default: <repo>/build)
#
# build-dir must hold host/apiary and plugins/libspectra.so (built with -j2 if missing). The
# baseline (bench/poco_hello_baseline.cpp) is built in <build-dir>/bench-standalone. Modelled
# on bench/run.sh: both servers on 127.0.0.1 (port 0), plain HTTP, access log off, warm-up, then
# per round A (baseline) and the three spectra requests in turn, so noise hits all alike.
# The spectra side uses the shared SQLite file in a temporary state directory.
#
# PUT /createPreview re-sends one code (what the client does after its first PUT), so each
# request is one key check and one upsert, and the table does not grow under load.
#
# Knobs (environment): ROUNDS=3 DURATION=10 WARMUP=3 THREADS=2 CONNECTIONS=32
set -euo pipefail
SCRIPT_NAME=spectra.sh
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
BUILD_DIR=$(realpath -m "${1:-$ROOT/build}")
BASELINE_BUILD="$BUILD_DIR/bench-standalone"
require_positive ROUNDS DURATION WARMUP THREADS CONNECTIONS
BASELINE_PID=""
HOST_PID=""
WRK_PID=""
command -v wrk >/dev/null || die "wrk is required (apt-get install wrk)"
command -v curl >/dev/null || die "curl is required"

HOST_BIN="$BUILD_DIR/host/apiary"
PLUGIN_DIR="$BUILD_DIR/plugins"
if [[ ! -x $HOST_BIN || ! -f $PLUGIN_DIR/libspectra.so ]]; then
  say "== building apiary and spectra in $BUILD_DIR (-j$JOBS)"
  if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
    timeout 600 cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DAPIARY_BUILD_TESTS=OFF >/dev/null || die "configuring the main project failed"
  fi
  timeout 3600 cmake --build "$BUILD_DIR" -j"$JOBS" --target apiary spectra ||
    die "building apiary/spectra failed"
fi
HOST_BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null || true)

timeout 600 cmake -S "$BENCH_DIR" -B "$BASELINE_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  >/dev/null || die "configuring bench/ failed"
timeout 600 cmake --build "$BASELINE_BUILD" -j"$JOBS" >/dev/null || die "building bench/ failed"
BASELINE_BIN="$BASELINE_BUILD/poco_hello_baseline"

"$BASELINE_BIN" 0 >"$TMP/baseline.port" 2>"$TMP/baseline.log" &
BASELINE_PID=$!
track_pid "$BASELINE_PID"
cat >"$TMP/apiary.json" <<JSON
{
  "plugin_dir": "$PLUGIN_DIR",
  "state_dir": "$TMP/state",
  "access_log": false,
  "admin": { "address": "127.0.0.1", "port": 0 },
  "listeners": { "main": { "address": "127.0.0.1", "port": 0, "insecure": true } },
  "plugins": {
    "spectra": { "listener": "main", "max_body_bytes": 102400,
                 "config": { "auth_key": "bench-key" } }
  }
}
JSON
env -u AUTH_KEY -u USE_BACKEND -u REQUIRE_AUTH_KEY "$HOST_BIN" --config "$TMP/apiary.json" \
  --port-file "$TMP/ports.json" 2>"$TMP/host.log" &
HOST_PID=$!
track_pid "$HOST_PID"

BASELINE_PORT=""
HOST_PORT=""
for _ in $(seq 150); do
  kill -0 "$BASELINE_PID" 2>/dev/null || die "baseline exited: $(cat "$TMP/baseline.log")"
  kill -0 "$HOST_PID" 2>/dev/null || die "apiary exited at startup"
  [[ -z $BASELINE_PORT ]] && BASELINE_PORT=$(head -n 1 "$TMP/baseline.port" | tr -dc 0-9 || true)
  [[ -z $HOST_PORT && -f $TMP/ports.json ]] &&
    HOST_PORT=$(grep -o '"main"[[:space:]]*:[[:space:]]*[0-9]*' "$TMP/ports.json" | tr -dc 0-9 || true)
  [[ -n $BASELINE_PORT && -n $HOST_PORT ]] && break
  sleep 0.1
done
[[ -n $BASELINE_PORT && -n $HOST_PORT ]] || die "servers did not report their ports within 15 s"

BODY='{"type":"preview","clientVersion":"1.0.0","key":"bench-key","previewCode":"BENCH1",'
BODY+='"leftTeam":{"name":"Left","tricode":"LFT","url":"http://l","attackStart":true},'
BODY+='"rightTeam":{"name":"Right","tricode":"RGT","url":"http://r","attackStart":false},'
BODY+='"toolsData":{"seriesInfo":{"needed":3,"wonLeft":1,"wonRight":0,"mapInfo":[]},"timeoutDuration":60}}'
H="http://127.0.0.1:$HOST_PORT"
[[ $(curl -s "http://127.0.0.1:$BASELINE_PORT/hello/bench" -o /dev/null -w '%{http_code}') == 200 ]] ||
  die "baseline does not answer"
[[ $(curl -s "$H/status") == '{"status":"UP","matchesRunning":0}' ]] || die "GET /status is wrong"
CREATED=$(curl -s -X PUT "$H/createPreview" -H 'Content-Type: application/json' --data "$BODY")
[[ $CREATED == '{"previewCode":"BENCH1"}' ]] || die "PUT /createPreview answered '$CREATED'"
[[ $(curl -s "$H/preview/BENCH1" -o /dev/null -w '%{http_code}') == 200 ]] || die "GET /preview failed"
PREVIEW_BYTES=$(curl -s "$H/preview/BENCH1" | wc -c)

# One wrk script per request: the request, then report.lua's done hook.
put_lua="$TMP/put.lua"
{
  printf 'wrk.method = "PUT"\n'
  printf 'wrk.headers["Content-Type"] = "application/json"\n'
  printf 'wrk.body = [==[%s]==]\n' "$BODY"
  cat "$BENCH_DIR/report.lua"
} >"$put_lua"

run_wrk() {  # name url script seconds -> LINE
  local name=$1 url=$2 script=$3 seconds=$4 out="$TMP/wrk-$1-$RANDOM.txt"
  timeout -k 5 $((seconds + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 5s \
    -s "$script" "$url" >"$out" 2>&1 &
  WRK_PID=$!
  track_pid "$WRK_PID"
  wait "$WRK_PID" || die "wrk on $name failed: $(tail -n 5 "$out")"
  WRK_PID=""
  kill -0 "$HOST_PID" 2>/dev/null || die "apiary died under load"
  LINE=$(grep -m 1 '^apiary-bench ' "$out") || die "no report line from wrk on $name"
}

NAMES=(baseline status put preview)
URLS=("http://127.0.0.1:$BASELINE_PORT/hello/bench" "$H/status" "$H/createPreview" "$H/preview/BENCH1")
SCRIPTS=("$BENCH_DIR/report.lua" "$BENCH_DIR/report.lua" "$put_lua" "$BENCH_DIR/report.lua")

say ""
say "apiary spectra bench: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s (keep-alive), $ROUNDS rounds"
say "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
say "machine:  $(uname -srm), $(nproc) cpu(s), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
say "host:     $HOST_BIN (${HOST_BUILD_TYPE:-unknown}), tree at git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo '+dirty')"
say "requests: A = baseline GET /hello/bench; GET /status; PUT /createPreview (${#BODY} B body, same code);"
say "          GET /preview/BENCH1 ($PREVIEW_BYTES B answer)"
say ""
say "warming up ($WARMUP s each)..."
for i in 0 1 2 3; do run_wrk "${NAMES[i]}" "${URLS[i]}" "${SCRIPTS[i]}" "$WARMUP"; done

declare -A RPS P50 P99
ERRORS=0
printf '%-7s | %-9s %10s %8s %8s | %7s %7s %7s\n' round request req/s p50_ms p99_ms "rps/A" "p50/A" "p99/A"
for ((r = 1; r <= ROUNDS; r++)); do
  for i in 0 1 2 3; do
    run_wrk "${NAMES[i]}" "${URLS[i]}" "${SCRIPTS[i]}" "$DURATION"
    n=${NAMES[i]}
    ERRORS=$((ERRORS + $(errors "$LINE")))
    RPS[$n,$r]=$(field "$LINE" rps)
    P50[$n,$r]=$(awk -v v="$(field "$LINE" p50_us)" 'BEGIN{printf "%.3f", v/1000}')
    P99[$n,$r]=$(awk -v v="$(field "$LINE" p99_us)" 'BEGIN{printf "%.3f", v/1000}')
    printf '%-7s | %-9s %10.0f %8.3f %8.3f | %7.3f %7.3f %7.3f\n' "$r" "$n" "${RPS[$n,$r]}" \
      "${P50[$n,$r]}" "${P99[$n,$r]}" \
      "$(awk -v b="${RPS[$n,$r]}" -v a="${RPS[baseline,$r]}" 'BEGIN{printf "%.3f", b/a}')" \
      "$(awk -v b="${P50[$n,$r]}" -v a="${P50[baseline,$r]}" 'BEGIN{printf "%.3f", (a > 0 ? b / a : 0)}')" \
      "$(awk -v b="${P99[$n,$r]}" -v a="${P99[baseline,$r]}" 'BEGIN{printf "%.3f", (a > 0 ? b / a : 0)}')"
    sleep 1
  done
done

say ""
RESULT="RESULT rounds=$ROUNDS duration_s=$DURATION threads=$THREADS connections=$CONNECTIONS"
for n in "${NAMES[@]}"; do
  rps=() ratios=()
  for ((r = 1; r <= ROUNDS; r++)); do
    rps+=("${RPS[$n,$r]}")
    ratios+=("$(awk -v b="${RPS[$n,$r]}" -v a="${RPS[baseline,$r]}" 'BEGIN{printf "%.3f", b/a}')")
  done
  printf 'median  %-9s %10.0f req/s   ratio to baseline %s\n' "$n" "$(median "${rps[@]}")" "$(median "${ratios[@]}")"
  RESULT+=" ${n}_rps=$(median "${rps[@]}") ${n}_ratio=$(median "${ratios[@]}")"
done
say "$RESULT errors=$ERRORS"
if ((ERRORS > 0)); then
  say "warning: wrk counted $ERRORS errors (connect/read/write/timeout/non-2xx)" >&2
  exit 1
fi
