# bench/lib.sh: what every bench script shares. Source it after setting SCRIPT_NAME:
#
#   SCRIPT_NAME=run; source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# It sets BENCH_DIR, ROOT, JOBS, TMP (a fresh temporary directory, removed on exit) and installs
# the EXIT/INT/TERM traps that stop every process registered with track_pid (SIGTERM, 5 s, then
# SIGKILL) and print the tail of $TMP/host.log on failure. Everything is loopback and port 0.
# shellcheck shell=bash

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
JOBS=2  # the machine has two cores; never build wider

say() { printf '%s\n' "$*"; }
die() { printf '%s: %s\n' "${SCRIPT_NAME:-bench}" "$*" >&2; exit 1; }

require_positive() {  # NAME... : each variable must be a positive integer
  local n
  for n in "$@"; do
    [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "$n must be a positive integer (got '${!n}')"
  done
}

# --- processes and temporary files: always cleaned up --------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/apiary-${SCRIPT_NAME:-bench}.XXXXXX")
declare -a TRACKED_PIDS=()
track_pid() { TRACKED_PIDS+=("$1"); }

stop_pid() {  # pid: SIGTERM, up to 5 s for a clean exit, then SIGKILL
  local pid=$1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
bench_cleanup() {
  local rc=$? i
  trap - EXIT INT TERM
  # newest first: wrk and perf before the servers they load
  for ((i = ${#TRACKED_PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${TRACKED_PIDS[i]}"; done
  if ((rc != 0 && rc != 130 && rc != 143)) && [[ -s $TMP/host.log ]]; then
    say "--- host log (last 20 lines) ---" >&2
    tail -n 20 "$TMP/host.log" >&2
  fi
  rm -rf "$TMP"
  exit "$rc"
}
trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- tools and builds ----------------------------------------------------------------------
apt_install() {  # package... : installs Debian packages (root, or sudo -n)
  local -a sudo=()
  ((EUID == 0)) || sudo=(sudo -n)
  timeout 600 "${sudo[@]}" apt-get update -qq || die "apt-get update failed"
  timeout 600 "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "$@" || die "could not install $*"
}
need_wrk() {
  command -v wrk >/dev/null && return 0
  say "wrk not found: installing the Debian package"
  apt_install wrk
}
need_cmake() { command -v cmake >/dev/null || die "cmake is required"; }

# build_main BUILD_DIR TARGET... : configures (RelWithDebInfo, tests off) when there is no cache
# and builds the targets with -j2. Never rebuilds what is there; callers check the files.
build_main() {
  local dir=$1
  shift
  need_cmake
  say "== building $* in $dir (-j$JOBS)"
  if [[ ! -f $dir/CMakeCache.txt ]]; then
    timeout 600 cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DAPIARY_BUILD_TESTS=OFF >/dev/null || die "configuring the main project failed"
  fi
  timeout 3600 cmake --build "$dir" -j"$JOBS" --target "$@" || die "building $* failed"
}
# build_bench BUILD_DIR: the standalone bench project (raw Poco baseline, idle_probe) in
# BUILD_DIR/bench-standalone; sets BASELINE_BIN and IDLE_PROBE_BIN.
build_bench() {
  local out=$1/bench-standalone
  need_cmake
  timeout 600 cmake -S "$BENCH_DIR" -B "$out" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null ||
    die "configuring bench/ failed"
  timeout 600 cmake --build "$out" -j"$JOBS" >/dev/null || die "building bench/ failed"
  BASELINE_BIN="$out/poco_hello_baseline"
  IDLE_PROBE_BIN="$out/idle_probe"
}
build_type_of() {  # build-dir -> CMAKE_BUILD_TYPE or ""
  sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$1/CMakeCache.txt" 2>/dev/null || true
}
warn_unoptimised() {  # build-dir
  case "$(build_type_of "$1")" in
    Release | RelWithDebInfo | MinSizeRel) ;;
    *) say "warning: $1 is a '$(build_type_of "$1")' build; ratios are only meaningful against" \
         "an optimised host (RelWithDebInfo or Release)" >&2 ;;
  esac
}

# --- servers -------------------------------------------------------------------------------
# port_from_file FILE LISTENER -> the port apiary's --port-file reports for LISTENER, or ""
port_from_file() {
  [[ -f $1 ]] || return 0
  grep -o "\"$2\"[[:space:]]*:[[:space:]]*[0-9]*" "$1" | tr -dc 0-9 || true
}
# wait_for_file FILE PID SECONDS: until FILE is non-empty; dies if PID exits first
wait_for_file() {
  local i
  for ((i = 0; i < $3 * 20; i++)); do
    [[ -s $1 ]] && return 0
    kill -0 "$2" 2>/dev/null || die "process $2 exited before writing $1"
    sleep 0.05
  done
  die "no $1 within $3 s"
}
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }   # pid -> resident KiB
hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }   # pid -> peak resident KiB
cpu_ticks() {  # pid -> utime+stime of the whole process, in clock ticks
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

# fetch PORT METHOD PATH [HEADER] -> "status|content-type|body" (one request, Connection: close)
fetch() {
  local header=${4:-}
  [[ -n $header ]] && header+=$'\r\n'
  # shellcheck disable=SC2016  # $0..$3 belong to the inner shell
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    printf "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n%sConnection: close\r\n\r\n" \
      "$1" "$2" "$3" >&3
    cat <&3' "$1" "$2" "$3" "$header" | tr -d '\r' | awk '
      NR == 1 { status = $2; next }
      !body && /^$/ { body = 1; next }
      !body && tolower($0) ~ /^content-type:/ { sub(/^[^:]*:[ \t]*/, ""); ctype = $0; next }
      body { text = text $0 }
      END { printf "%s|%s|%s", status, ctype, text }'
}

# --- wrk results ---------------------------------------------------------------------------
field() {  # line key -> value
  tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"
}
errors() {  # report.lua line -> total of wrk's error counters
  local t=0 k
  for k in err_connect err_read err_write err_status err_timeout; do t=$((t + $(field "$1" "$k"))); done
  echo "$t"
}
median() {  # values... -> their median (%.3f)
  printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {
    printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v b="$1" -v a="$2" 'BEGIN { printf "%.3f", (a > 0 ? b / a : 0) }'; }
