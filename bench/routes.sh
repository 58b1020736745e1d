#!/usr/bin/env bash
# bench/routes.sh: what storage and authentication add per request, on ONE apiary host.
#
#   bash bench/routes.sh [build-dir]        (default: <repo>/build)
#
# build-dir must hold host/apiary, plugins/libhello.so and plugins/libauth-bearer.so; if any is
# missing, the main project is configured (RelWithDebInfo, tests off) and built there with -j2.
# The binaries are copied into the temporary directory before use, so a rebuild in build-dir
# during the run cannot swap them under the host.
#
# One host serves every case (listener "main", plain HTTP on 127.0.0.1, port 0):
#   plugin "hello"       library hello, at the root, open
#   plugin "hello-auth"  library hello, prefix /auth, operator policy: prefix "/" needs
#                        "bearer:bench" (auth-bearer, realm "bench", on no listener)
# and a token made with `apiary token create --realm bench --scopes '*'` before the start.
#
# Cases, run in rounds (hello first, then the others), wrk -t$THREADS -c$CONNECTIONS:
#   hello      GET  /hello/NAME                     no storage, no auth: this script's baseline
#   poco       GET  /hello/NAME on the raw Poco baseline (bench/poco_hello_baseline), context only
#   read       GET  /hello/NAME/visits              + one SELECT of one row
#   write      POST /hello/NAME/visits              + one write transaction, always the same row
#   write-new  POST /hello/w<tag>t<i>n<j>/visits    + one write transaction, a new row each time
#   auth       GET  /auth/hello/NAME + Bearer token + SHA-256 + one credential SELECT
# Then a sweep over connection counts ($SWEEP) for $SWEEP_CASES, also in rounds, to tell CPU
# cost from waiting (locks, fsync). Every answer is checked before any load; see bench/README.md.
#
# Knobs (environment): ROUNDS=3 DURATION=10 (seconds per run) WARMUP=3 (seconds per case)
#   THREADS=2 CONNECTIONS=32 (wrk -t/-c) NAME=bench  BASELINE=1 (0: no raw Poco case)
#   CASES="read write write-new auth" (the main cases after hello, which always runs first)
#   SWEEP="1 8 32" (connection counts; "" skips the sweep)  SWEEP_CASES="hello write write-new"
#   PERF=auto (count fsync/fdatasync/pwrite64/sleep syscalls of the host with perf; 0: off)
#   TMPDIR (where the temporary directory, and so the SQLite files, live; default /tmp)
set -euo pipefail
SCRIPT_NAME=routes.sh
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
NAME=${NAME:-bench}
BASELINE=${BASELINE:-1}
CASES=${CASES-read write write-new auth}
SWEEP=${SWEEP-1 8 32}
SWEEP_CASES=${SWEEP_CASES-hello write write-new}
PERF=${PERF:-auto}
BUILD_DIR=$(realpath -m "${1:-$ROOT/build}")
BASELINE_BUILD="$BUILD_DIR/bench-standalone"

require_positive ROUNDS DURATION WARMUP THREADS CONNECTIONS
[[ $NAME =~ ^[A-Za-z0-9._~-]{1,64}$ ]] || die "NAME must be 1-64 unreserved URL characters"
[[ $BASELINE == 0 || $BASELINE == 1 ]] || die "BASELINE must be 0 or 1"
[[ $PERF == auto || $PERF == 0 ]] || die "PERF must be auto or 0"
for c in $SWEEP; do
  [[ $c =~ ^[1-9][0-9]*$ ]] || die "SWEEP must list positive integers (got '$c')"
done
for c in $CASES $SWEEP_CASES; do
  case $c in hello | read | write | write-new | auth) ;;
    *) die "CASES/SWEEP_CASES: unknown case '$c' (hello read write write-new auth)" ;;
  esac
done

# --- tools (processes and the temporary directory are cleaned up by lib.sh) -----------------
BASELINE_PID=""
HOST_PID=""
WRK_PID=""
PERF_PID=""
need_wrk
command -v cmake >/dev/null || die "cmake is required"
# perf counts the host's syscalls (tracepoints) when it can; it needs root or a low
# perf_event_paranoid. Nothing is installed for it.
USE_PERF=0
if [[ $PERF == auto ]] && command -v perf >/dev/null &&
  timeout 10 perf stat -x, -e syscalls:sys_enter_fdatasync -o /dev/null -- true >/dev/null 2>&1; then
  USE_PERF=1
fi

# --- builds --------------------------------------------------------------------------------
HOST_BIN="$BUILD_DIR/host/apiary"
PLUGIN_DIR="$BUILD_DIR/plugins"
need_build=0
for f in "$PLUGIN_DIR/libhello.so" "$PLUGIN_DIR/libauth-bearer.so"; do [[ -f $f ]] || need_build=1; done
[[ -x $HOST_BIN ]] || need_build=1
if ((need_build)); then
  say "== building apiary, hello and auth-bearer in $BUILD_DIR (-j$JOBS)"
  if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
    timeout 600 cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DAPIARY_BUILD_TESTS=OFF >/dev/null || die "configuring the main project failed"
  fi
  timeout 3600 cmake --build "$BUILD_DIR" -j"$JOBS" --target apiary hello auth-bearer ||
    die "building apiary/hello/auth-bearer failed"
fi
for f in "$HOST_BIN" "$PLUGIN_DIR/libhello.so" "$PLUGIN_DIR/libauth-bearer.so"; do
  [[ -f $f ]] || die "no $f"
done
HOST_BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null || true)
case "${HOST_BUILD_TYPE:-}" in
  Release | RelWithDebInfo | MinSizeRel) ;;
  *) say "warning: $BUILD_DIR is a '${HOST_BUILD_TYPE:-unknown}' build; the ratios are only" \
       "meaningful against an optimised host (RelWithDebInfo or Release)" >&2 ;;
esac
HOST_BUILT=$(date -u -r "$HOST_BIN" '+%Y-%m-%d %H:%M UTC')
# Snapshot: others may rebuild build-dir while this runs.
mkdir -p "$TMP/bin" "$TMP/plugins"
cp "$HOST_BIN" "$TMP/bin/apiary"
cp "$PLUGIN_DIR/libhello.so" "$PLUGIN_DIR/libauth-bearer.so" "$TMP/plugins/"
APIARY="$TMP/bin/apiary"

BASELINE_BIN=""
if ((BASELINE)); then
  say "== building the raw Poco baseline in $BASELINE_BUILD"
  timeout 600 cmake -S "$BENCH_DIR" -B "$BASELINE_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    >/dev/null || die "configuring bench/ failed"
  timeout 600 cmake --build "$BASELINE_BUILD" -j"$JOBS" >/dev/null || die "building bench/ failed"
  BASELINE_BIN="$BASELINE_BUILD/poco_hello_baseline"
fi

# --- config, token, servers ----------------------------------------------------------------
STATE_DIR="$TMP/state"
cat >"$TMP/apiary.json" <<EOF
{
  "plugin_dir": "$TMP/plugins",
  "state_dir": "$STATE_DIR",
  "access_log": false,
  "admin": { "address": "127.0.0.1", "port": 0 },
  "listeners": {
    "main": { "address": "127.0.0.1", "port": 0, "insecure": true }
  },
  "plugins": {
    "bearer:bench": { "library": "auth-bearer", "config": { "realm": "bench" } },
    "hello": { "library": "hello", "listener": "main" },
    "hello-auth": {
      "library": "hello", "listener": "main", "prefix": "/auth",
      "policies": [ { "prefix": "/", "providers": ["bearer:bench"] } ]
    }
  }
}
EOF
timeout 60 "$APIARY" --config "$TMP/apiary.json" token create --realm bench --scopes '*' \
  >"$TMP/token.out" 2>"$TMP/token.log" || die "token create failed: $(tail -n 5 "$TMP/token.log")"
TOKEN=$(sed -n 's/^secret: \([0-9a-f]\{64\}\)$/\1/p' "$TMP/token.out")
[[ $TOKEN =~ ^[0-9a-f]{64}$ ]] || die "no 'secret: <64 hex>' line from token create"

if ((BASELINE)); then
  "$BASELINE_BIN" 0 >"$TMP/baseline.port" 2>"$TMP/baseline.log" &
  BASELINE_PID=$!
  track_pid "$BASELINE_PID"
fi
"$APIARY" --config "$TMP/apiary.json" --port-file "$TMP/ports.json" 2>"$TMP/host.log" &
HOST_PID=$!
track_pid "$HOST_PID"

BASELINE_PORT=""
HOST_PORT=""
for _ in $(seq 150); do  # up to 15 s to listen
  kill -0 "$HOST_PID" 2>/dev/null || die "apiary exited at startup"
  [[ -z $HOST_PORT && -f $TMP/ports.json ]] &&
    HOST_PORT=$(grep -o '"main"[[:space:]]*:[[:space:]]*[0-9]*' "$TMP/ports.json" | tr -dc 0-9 || true)
  if ((BASELINE)); then
    kill -0 "$BASELINE_PID" 2>/dev/null || die "baseline exited: $(cat "$TMP/baseline.log")"
    [[ -z $BASELINE_PORT ]] &&
      BASELINE_PORT=$(head -n 1 "$TMP/baseline.port" 2>/dev/null | tr -dc 0-9 || true)
    [[ -n $BASELINE_PORT && -n $HOST_PORT ]] && break
  else
    [[ -n $HOST_PORT ]] && break
  fi
  sleep 0.1
done
[[ -n $HOST_PORT ]] || die "apiary did not report its port within 15 s"
((BASELINE == 0)) || [[ -n $BASELINE_PORT ]] || die "baseline did not report its port within 15 s"

# --- self-checks: every case's answer, before any load ---------------------------------------
expect() {  # what got want
  [[ $2 == "$3" ]] || die "self-check failed: $1 answered '$2', expected '$3'"
}
JSON="application/json; charset=utf-8"
AUTH_HEADER="Authorization: Bearer $TOKEN"
HELLO_ANSWER="200|$JSON|{\"message\":\"Hello, $NAME!\"}"

expect "GET /hello/$NAME" "$(fetch "$HOST_PORT" GET "/hello/$NAME")" "$HELLO_ANSWER"
if ((BASELINE)); then
  expect "baseline GET /hello/$NAME" "$(fetch "$BASELINE_PORT" GET "/hello/$NAME")" "$HELLO_ANSWER"
fi
# The read case needs its row: one POST seeds it (and checks the write route).
expect "POST /hello/$NAME/visits (seed)" "$(fetch "$HOST_PORT" POST "/hello/$NAME/visits")" \
  "200|$JSON|{\"name\":\"$NAME\",\"visits\":1}"
expect "GET /hello/$NAME/visits" "$(fetch "$HOST_PORT" GET "/hello/$NAME/visits")" \
  "200|$JSON|{\"name\":\"$NAME\",\"visits\":1}"
expect "POST /hello/wcheck/visits" "$(fetch "$HOST_PORT" POST "/hello/wcheck/visits")" \
  "200|$JSON|{\"name\":\"wcheck\",\"visits\":1}"
got=$(fetch "$HOST_PORT" GET "/auth/hello/$NAME")
[[ $got == 401\|* ]] || die "self-check failed: GET /auth/hello/$NAME without a token answered '$got', expected 401"
got=$(fetch "$HOST_PORT" GET "/auth/hello/$NAME" "Authorization: Bearer ${TOKEN//?/0}")
[[ $got == 401\|* ]] || die "self-check failed: GET /auth/hello/$NAME with a wrong token answered '$got', expected 401"
expect "GET /auth/hello/$NAME with the token" "$(fetch "$HOST_PORT" GET "/auth/hello/$NAME" "$AUTH_HEADER")" \
  "$HELLO_ANSWER"

# --- load ----------------------------------------------------------------------------------
RUN_SEQ=0
declare -A RAN  # case -> 1 once it ran
WRITE_DONE=0  # POSTs to /hello/NAME/visits that wrk saw answered (seed not included)
CLK_TCK=$(getconf CLK_TCK)

# case conns seconds -> sets LINE (report.lua line), STATUS (post.lua status line or ""),
# CPU_US (server CPU per request, us), SYSCALLS ("fsync+fdatasync pwrite sleeps" per request)
run_wrk() {
  local name=$1 conns=$2 seconds=$3 port=$HOST_PORT pid=$HOST_PID threads=$THREADS
  local out="$TMP/wrk-$name-$RUN_SEQ.txt" perf_out="$TMP/perf-$name-$RUN_SEQ.txt"
  local -a args=(-s "$BENCH_DIR/report.lua") script_args=()
  local path="/hello/$NAME"
  RUN_SEQ=$((RUN_SEQ + 1))
  ((threads <= conns)) || threads=$conns
  case $name in
    hello) ;;
    poco)
      port=$BASELINE_PORT
      pid=$BASELINE_PID
      ;;
    read) path="/hello/$NAME/visits" ;;
    write)
      path="/hello/$NAME/visits"
      args=(-s "$BENCH_DIR/post.lua")
      script_args=(-- same)
      ;;
    write-new)  # a fresh tag per run: every request of every run writes a new row
      path="/"
      args=(-s "$BENCH_DIR/post.lua")
      script_args=(-- distinct "r$RUN_SEQ")
      ;;
    auth)
      path="/auth/hello/$NAME"
      args+=(-H "$AUTH_HEADER")
      ;;
    *) die "unknown case $name" ;;
  esac
  local before after
  before=$(cpu_ticks "$pid")
  if ((USE_PERF)); then
    timeout -k 5 $((seconds + 30)) perf stat -x, -o "$perf_out" -p "$pid" \
      -e syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync,syscalls:sys_enter_pwrite64 \
      -e syscalls:sys_enter_clock_nanosleep,syscalls:sys_enter_nanosleep \
      -- sleep "$seconds" >/dev/null 2>&1 &
    PERF_PID=$!
  track_pid "$PERF_PID"
  fi
  # In the background, so that a signal to this script is handled at once, not after the run.
  timeout -k 5 $((seconds + 30)) wrk -t"$threads" -c"$conns" -d"${seconds}s" --timeout 5s \
    "${args[@]}" "http://127.0.0.1:$port$path" "${script_args[@]}" >"$out" 2>&1 &
  WRK_PID=$!
  track_pid "$WRK_PID"
  wait "$WRK_PID" || die "wrk ($name, -c$conns) failed: $(tail -n 5 "$out")"
  WRK_PID=""
  after=$(cpu_ticks "$pid")
  if [[ -n $PERF_PID ]]; then
    wait "$PERF_PID" || true
    PERF_PID=""
  fi
  kill -0 "$pid" 2>/dev/null || die "the server died under load ($name, -c$conns)"
  LINE=$(grep -m 1 '^apiary-bench ' "$out") || die "no report line from wrk ($name): $(tail -n 5 "$out")"
  STATUS=$(grep -m 1 '^apiary-bench-status' "$out" | cut -d' ' -f2- || true)
  local requests
  requests=$(field "$LINE" requests)
  RAN[$name]=1
  [[ $name == write ]] && WRITE_DONE=$((WRITE_DONE + requests))
  CPU_US=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$requests" \
    'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }')
  SYSCALLS="- - -"
  if [[ -s $perf_out ]]; then
    SYSCALLS=$(awk -F, -v n="$requests" '
      $3 ~ /sys_enter_(fsync|fdatasync)$/ { sync += $1 }
      $3 ~ /sys_enter_pwrite64$/ { pw += $1 }
      $3 ~ /sys_enter_(clock_)?nanosleep$/ { sl += $1 }
      END { if (n > 0) printf "%.4f %.3f %.4f", sync / n, pw / n, sl / n; else print "- - -" }' "$perf_out")
  fi
}

RESULTS="$TMP/results.txt"
: >"$RESULTS"
ERRORS=0
declare -A REF  # "phase/round/conns" -> "rps p50 p99" of the hello case
ROW_FMT='%-6s %-5s %-10s %5s | %9.0f %8.3f %8.3f %8.1f | %6s %6s %6s | %s\n'
row_header() {
  printf '%-6s %-5s %-10s %5s | %9s %8s %8s %8s | %6s %6s %6s | %s\n' phase round case conns \
    "req/s" "p50 ms" "p99 ms" "cpu us" "xreq/s" "xp50" "xp99" \
    "errors, statuses, syscalls/req (fsync pwrite sleep)"
}
measure() {  # phase round case conns seconds: one run, one printed row, one record
  local phase=$1 round=$2 name=$3 conns=$4 seconds=$5
  run_wrk "$name" "$conns" "$seconds"
  local rps p50 p99 err rr="-" r50="-" r99="-"
  rps=$(field "$LINE" rps)
  p50=$(awk -v v="$(field "$LINE" p50_us)" 'BEGIN{printf "%.3f", v/1000}')
  p99=$(awk -v v="$(field "$LINE" p99_us)" 'BEGIN{printf "%.3f", v/1000}')
  err=$(errors "$LINE")
  [[ $phase == warmup ]] || ERRORS=$((ERRORS + err))
  if [[ $name == hello ]]; then REF["$phase/$round/$conns"]="$rps $p50 $p99"; fi
  if [[ -n ${REF["$phase/$round/$conns"]:-} ]]; then
    read -r hr h50 h99 <<<"${REF["$phase/$round/$conns"]}"
    rr=$(awk -v b="$rps" -v a="$hr" 'BEGIN{printf "%.3f", b / a}')
    r50=$(awk -v b="$p50" -v a="$h50" 'BEGIN{printf "%.3f", (a > 0 ? b / a : 0)}')
    r99=$(awk -v b="$p99" -v a="$h99" 'BEGIN{printf "%.3f", (a > 0 ? b / a : 0)}')
  fi
  # shellcheck disable=SC2059
  printf "$ROW_FMT" "$phase" "$round" "$name" "$conns" "$rps" "$p50" "$p99" "$CPU_US" \
    "$rr" "$r50" "$r99" "errors=$err${STATUS:+ [$STATUS]} ${SYSCALLS// //}"
  [[ $phase == warmup ]] && return 0
  # shellcheck disable=SC2086  # $SYSCALLS is three fields on purpose
  printf 'phase=%s round=%s case=%s conns=%s rps=%s p50=%s p99=%s cpu=%s rr=%s r50=%s r99=%s errors=%s sync=%s pwrite=%s sleep=%s statuses=%s\n' \
    "$phase" "$round" "$name" "$conns" "$rps" "$p50" "$p99" "$CPU_US" "$rr" "$r50" "$r99" \
    "$err" $SYSCALLS "${STATUS// /,}" >>"$RESULTS"
}

MAIN_CASES=(hello)
((BASELINE)) && MAIN_CASES+=(poco)
for c in $CASES; do [[ $c == hello ]] || MAIN_CASES+=("$c"); done

say ""
say "apiary routes bench: one host, cases ${MAIN_CASES[*]}, wrk -t$THREADS -c$CONNECTIONS" \
  "-d${DURATION}s (keep-alive), $ROUNDS rounds; sweep -c ${SWEEP:-none} over ${SWEEP_CASES:-none}"
say "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
say "machine:  $(uname -srm), $(nproc) cpu(s), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), load $(cut -d' ' -f1-3 /proc/loadavg)"
say "host:     $HOST_BIN (${HOST_BUILD_TYPE:-unknown build type}, built $HOST_BUILT," \
  "tree at git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo '+dirty'))"
((BASELINE)) && say "baseline: $BASELINE_BIN (context only)"
say "state:    $STATE_DIR ($(stat -f -c %T "$TMP") filesystem; SQLite WAL, synchronous=NORMAL, pool 8)"
say "sqlite:   $(dpkg-query -W -f='${Version}' libsqlite3-0 2>/dev/null || echo '?')," \
  "Poco $(dpkg-query -W -f='${Version}' libpoco-dev 2>/dev/null || echo '?'), wrk $(wrk -v 2>&1 | head -n 1 | awk '{print $2}')"
say "syscalls: $( ((USE_PERF)) && echo 'counted with perf stat (tracepoints) on the server process' || echo 'not counted (no usable perf)')"
say ""
say "columns: req/s, p50/p99 latency (ms), cpu us = server CPU time (user+sys) per request;"
say "         x* = ratio to the hello case of the same round and connection count"
row_header

say "-- warm-up ($WARMUP s per case)"
for name in "${MAIN_CASES[@]}"; do
  measure warmup - "$name" "$CONNECTIONS" "$WARMUP"
  sleep 1
done

say "-- main: -c$CONNECTIONS"
for ((r = 1; r <= ROUNDS; r++)); do
  for name in "${MAIN_CASES[@]}"; do
    measure main "$r" "$name" "$CONNECTIONS" "$DURATION"
    sleep 1
  done
done

if [[ -n $SWEEP && -n $SWEEP_CASES ]]; then
  say "-- sweep: -c ${SWEEP// /, } (wrk threads = min($THREADS, connections))"
  for ((r = 1; r <= ROUNDS; r++)); do
    for c in $SWEEP; do
      # hello first, so that the others have their ratio
      for name in hello $SWEEP_CASES; do
        [[ $name == hello && " $SWEEP_CASES " != *" hello "* ]] && continue
        [[ $name == hello && -n ${REF["sweep/$r/$c"]:-} ]] && continue
        measure sweep "$r" "$name" "$c" "$DURATION"
        sleep 1
      done
    done
  done
fi

# --- after the load: did every write land? ---------------------------------------------------
COUNT_ANSWER=$(fetch "$HOST_PORT" GET "/hello/$NAME/visits")
[[ $COUNT_ANSWER == 200\|* ]] || die "GET /hello/$NAME/visits after the load answered '$COUNT_ANSWER'"
VISITS=$(sed -n 's/.*"visits":\([0-9]*\).*/\1/p' <<<"$COUNT_ANSWER")
INFLIGHT=$((VISITS - 1 - WRITE_DONE))

# --- summary -------------------------------------------------------------------------------
say ""
say "medians over $ROUNDS rounds (ratios: median of the per-round ratios to hello):"
printf '%-6s %-10s %5s | %9s %8s %8s %8s | %6s %6s %6s | %-6s %s\n' phase case conns "req/s" \
  "p50 ms" "p99 ms" "cpu us" "xreq/s" "xp50" "xp99" errors "statuses (all rounds); syscalls/req: fsync pwrite sleep (median)"
awk '
  function med(list,   n, v, i, j, t) {
    n = split(list, v, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    if (n == 0 || v[1] == "-") return "-"
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  function fmt(v, spec) { return v == "-" ? "-" : sprintf(spec, v) }
  {
    delete f
    for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = substr($i, length(kv[1]) + 2) }
    key = f["phase"] SUBSEP f["case"] SUBSEP f["conns"]
    if (!(key in seen)) { seen[key] = 1; order[++keys] = key }
    for (k in f) if (k != "statuses") vals[key, k] = vals[key, k] " " f[k]
    err[key] += f["errors"]
    n = split(f["statuses"], st, ",")
    for (i = 1; i <= n; i++) if (split(st[i], sc, "=") == 2) stat[key, sc[1]] += sc[2]
    codes[key] = codes[key]  # exists
    for (i = 1; i <= n; i++) if (split(st[i], sc, "=") == 2 && index(codes[key], " " sc[1]) == 0) codes[key] = codes[key] " " sc[1]
  }
  END {
    for (i = 1; i <= keys; i++) {
      key = order[i]; split(key, p, SUBSEP)
      s = ""
      n = split(codes[key], cl, " ")
      for (j = 1; j <= n; j++) s = s (s == "" ? "" : " ") cl[j] "=" stat[key, cl[j]]
      if (s == "") s = "-"
      printf "%-6s %-10s %5s | %9.0f %8.3f %8.3f %8.1f | %6s %6s %6s | %-6d %s; %s %s %s\n",
        p[1], p[2], p[3], med(vals[key, "rps"]), med(vals[key, "p50"]), med(vals[key, "p99"]),
        med(vals[key, "cpu"]), fmt(med(vals[key, "rr"]), "%.3f"), fmt(med(vals[key, "r50"]), "%.3f"),
        fmt(med(vals[key, "r99"]), "%.3f"), err[key], s, fmt(med(vals[key, "sync"]), "%.4f"),
        fmt(med(vals[key, "pwrite"]), "%.3f"), fmt(med(vals[key, "sleep"]), "%.4f")
      printf "RESULT phase=%s case=%s conns=%s rps=%s p50_ms=%s p99_ms=%s cpu_us=%s ratio_rps=%s ratio_p50=%s ratio_p99=%s errors=%d statuses=%s\n",
        p[1], p[2], p[3], med(vals[key, "rps"]), med(vals[key, "p50"]), med(vals[key, "p99"]),
        med(vals[key, "cpu"]), fmt(med(vals[key, "rr"]), "%.3f"), fmt(med(vals[key, "r50"]), "%.3f"),
        fmt(med(vals[key, "r99"]), "%.3f"), err[key], s > "/dev/stderr"
    }
  }' "$RESULTS" 2>"$TMP/result-lines.txt"
say ""
if [[ -n ${RAN[write]:-} ]]; then
  say "writes:   the server counts $VISITS visits of '$NAME'; wrk saw $WRITE_DONE POSTs answered" \
    "(+1 seed), so $INFLIGHT were still in flight when wrk stopped"
fi
if [[ -n ${RAN[write-new]:-} ]] && command -v sqlite3 >/dev/null; then
  ROWS=$(timeout 10 sqlite3 -readonly "$STATE_DIR/apiary.db" \
    "SELECT count(*) FROM hello_visits WHERE name GLOB 'wr*'" 2>/dev/null || echo '?')
  say "new rows: the write-new runs left $ROWS rows (sqlite3 count)"
fi
say ""
say "ratio = case/hello per round: req/s below 1 = fewer requests served; p50/p99 above 1 = slower."
say "cpu us = server CPU per request (/proc ticks, 10 ms resolution): work, not waiting."
cat "$TMP/result-lines.txt"
say "RESULT errors=$ERRORS"
((INFLIGHT >= 0)) || die "lost writes: the server counts $VISITS visits, but wrk saw $((WRITE_DONE + 1)) answered"
if ((ERRORS > 0)); then
  say "warning: wrk counted $ERRORS errors (connect/read/write/timeout/non-2xx); see above" >&2
  exit 1
fi
