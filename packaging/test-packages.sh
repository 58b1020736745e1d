#!/usr/bin/env bash
# The Debian packages end to end, on this machine: build them with CPack from a finished build
# tree (no rebuild), lint them, install them with dpkg, run the installed /usr/sbin/apiary with
# the installed configuration (real TLS: a self-signed certificate made here) and call a route
# of every plugin, build sdk/examples/hello out of tree against the installed apiary-dev and
# load it, then remove and purge everything and check that nothing is left behind.
#
#   APIARY_PACKAGE_TEST=1 packaging/test-packages.sh [build-dir]     (as root; ctest -L packaging)
#
# It installs packages system-wide, so it runs only when asked (APIARY_PACKAGE_TEST=1, which
# .ci/run sets), as root, with dpkg; otherwise it exits 77, which ctest reports as skipped. It
# refuses to run over an existing apiary installation, and purges on any exit.
set -euo pipefail

skip() { echo "SKIP: $*"; exit 77; }
[[ ${APIARY_PACKAGE_TEST:-} == 1 ]] || skip "set APIARY_PACKAGE_TEST=1 to install the packages on this machine"
[[ $(id -u) -eq 0 ]] || skip "installing packages needs root"
for tool in dpkg dpkg-deb dpkg-shlibdeps cpack; do
  command -v "$tool" >/dev/null || skip "$tool is not available"
done

src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
[[ -f $build/CPackConfig.cmake && -x $build/host/apiary ]] ||
  { echo "FAIL: $build is not a finished apiary build tree"; exit 1; }

# One run at a time on a machine (the packages, ports and /etc/apiary are global).
exec 9>/run/lock/apiary-package-test.lock
flock -n 9 || { echo "FAIL: another package test is running"; exit 1; }

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

# Everything the packages may create; all of it must be absent before and after.
footprint=(/etc/apiary /var/lib/apiary /usr/lib/apiary /usr/share/apiary /usr/include/apiary
  /usr/share/cmake/apiary /usr/sbin/apiary /lib/systemd/system/apiary.service
  /etc/systemd/system/multi-user.target.wants/apiary.service
  /var/lib/systemd/deb-systemd-helper-enabled/apiary.service.dsh-also
  /var/lib/systemd/deb-systemd-helper-masked/apiary.service)
leftovers() {
  local p
  for p in "${footprint[@]}"; do [[ -e $p || -L $p ]] && echo "$p"; done
  getent passwd apiary >/dev/null && echo "user apiary"
  getent group apiary >/dev/null && echo "group apiary"
  dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' 'apiary*' 2>/dev/null | grep -v '^un ' || true
}
before=$(leftovers)
[[ -z $before ]] || fail "this machine already has apiary installed or left over; not touching it:
$before"

work=$(mktemp -d /tmp/apiary-package-test.XXXXXX)
chmod 0755 "$work"
daemon_pid=""
cleanup() {
  local rc=$?
  set +e  # clean up as much as possible, whatever fails
  if [[ -n $daemon_pid ]]; then
    kill $(pgrep -P "$daemon_pid") "$daemon_pid" 2>/dev/null
    wait "$daemon_pid" 2>/dev/null
  fi
  # Files this test put where an operator would; purge rightly leaves those alone.
  rm -f /etc/apiary/tls/cert.pem /etc/apiary/tls/key.pem /etc/apiary/tls/spectra.crt \
    /etc/apiary/tls/spectra.key /etc/apiary/secrets/discord-client-secret \
    /etc/apiary/conf.d/99-package-test.json
  local installed
  installed=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' 'apiary*' 2>/dev/null |
    awk '$1 != "un" {print $2}' || true)
  # shellcheck disable=SC2086
  [[ -z $installed ]] || dpkg --purge $installed >/dev/null 2>&1 || true
  rm -rf "$work"
  if ((rc != 0)); then
    local left
    left=$(leftovers)
    [[ -z $left ]] || echo "after cleanup, still present:
$left" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT

step "cpack"
cpack --config "$build/CPackConfig.cmake" -B "$work/packages" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack"; }
mapfile -t debs < <(ls "$work"/packages/*.deb)
names=()
for deb in "${debs[@]}"; do names+=("$(dpkg-deb -f "$deb" Package)"); done
echo "${names[*]}"
for want in apiary apiary-dev apiary-plugin-spectra apiary-plugin-spellbot apiary-plugin-spectrum \
  apiary-plugin-auth-bearer apiary-plugin-auth-basic apiary-plugin-backend-tebex-oauth \
  apiary-plugin-spectra-live; do
  [[ " ${names[*]} " == *" $want "* ]] || fail "no package $want"
done
abi_minor=$(sed -n 's/^#define APIARY_ABI_MINOR \([0-9]*\).*/\1/p' "$src/sdk/include/apiary/abi.h")
[[ $(dpkg-deb -f "$work"/packages/apiary_*.deb Provides) == "apiary-plugin-abi-1 (= 1.$abi_minor)" ]] ||
  fail "apiary does not provide apiary-plugin-abi-1 (= 1.$abi_minor)"
for deb in "$work"/packages/apiary-plugin-*.deb; do
  dpkg-deb -f "$deb" Depends | grep "apiary-plugin-abi-1 (>= 1.$abi_minor)" >/dev/null ||
    fail "$(basename "$deb") does not depend on apiary-plugin-abi-1 (>= 1.$abi_minor)"
done

# `producer | grep -q` fails under pipefail when grep exits at its first match and the producer,
# still writing, dies of SIGPIPE: listings are captured first, other checks use grep >/dev/null.
# Library dependencies come from dpkg-shlibdeps, not from a hand-written list.
host_depends=$(dpkg-deb -f "$work"/packages/apiary_*.deb Depends)
grep -q 'libpoconet80 (>= ' <<<"$host_depends" ||
  fail "apiary: no dpkg-shlibdeps dependency on libpoconet80"
# PostgreSQL support is the module the daemon loads on demand (host/PostgresDriver.h); its
# libraries still come in as the package's dependencies.
host_files=$(dpkg-deb -c "$work"/packages/apiary_*.deb | awk '{print $6}')
grep -qx '\./usr/lib/apiary/libapiary-postgresql\.so' <<<"$host_files" ||
  fail "apiary: no /usr/lib/apiary/libapiary-postgresql.so"
grep -q 'libpq5' <<<"$host_depends" ||
  fail "apiary: no dpkg-shlibdeps dependency on libpq5"
grep -q 'libpocoredis80' <<<"$(dpkg-deb -f "$work"/packages/apiary-plugin-spellbot_*.deb Depends)" ||
  fail "apiary-plugin-spellbot: no dpkg-shlibdeps dependency on libpocoredis80"
for deb in "${debs[@]}"; do
  files=$(dpkg-deb -c "$deb" | awk '{print $6}')
  if grep -q '^\./etc/.*[^/]$' <<<"$files"; then
    dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles >"$work/conffiles" 2>/dev/null || : >"$work/conffiles"
    while read -r f; do
      grep -qx "${f#.}" "$work/conffiles" || fail "$(basename "$deb"): ${f#.} is not a conffile"
    done < <(grep '^\./etc/.*[^/]$' <<<"$files")
  fi
  if grep -q '\.so$\|/sbin/' <<<"$files"; then
    dpkg-deb -x "$deb" "$work/x"
  fi
done
while read -r elf; do
  if file "$elf" | grep 'not stripped' >/dev/null; then fail "$elf is not stripped"; fi
  # Either would need writable+executable memory, which MemoryDenyWriteExecute=yes refuses.
  if readelf -d "$elf" | grep TEXTREL >/dev/null; then fail "$elf has text relocations"; fi
  if readelf -lW "$elf" | grep GNU_STACK | grep RWE >/dev/null; then fail "$elf wants an executable stack"; fi
done < <(find "$work/x" -type f \( -name '*.so' -o -path '*/sbin/*' \))

step "lintian"
command -v lintian >/dev/null || fail "lintian is not installed (.ci/setup installs it)"
# initial-upload-closes-no-bugs: the packages are not uploaded to Debian, there is no ITP bug.
lintian --fail-on error,warning --suppress-tags initial-upload-closes-no-bugs "${debs[@]}" ||
  fail "lintian"

step "dpkg -i"
dpkg -i "${debs[@]}" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i"; }
getent passwd apiary >/dev/null || fail "no system user apiary"
[[ $(stat -c %U:%G:%a /var/lib/apiary) == apiary:apiary:750 ]] || fail "/var/lib/apiary: $(stat -c %U:%G:%a /var/lib/apiary)"
[[ -L /etc/systemd/system/multi-user.target.wants/apiary.service ]] || fail "apiary.service is not enabled"
dpkg-query -W -f='${Conffiles}\n' apiary | grep '/etc/apiary/apiary.json' >/dev/null || fail "apiary.json is not a conffile"
[[ -f /usr/lib/apiary/plugins/libspectra.so && -f /etc/apiary/conf.d/20-spectra.json ]] || fail "spectra files"

step "systemd unit"
systemd-analyze verify /lib/systemd/system/apiary.service
exposure=$(systemd-analyze security --offline=true --no-pager /lib/systemd/system/apiary.service |
  sed -n 's/.*Overall exposure level for apiary.service: \([0-9.]*\).*/\1/p')
echo "systemd-analyze security --offline=true: exposure $exposure"
awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 2.0) }' || fail "exposure level $exposure is above 2.0"

step "TLS certificate, backend override (as an operator would)"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
  -keyout /etc/apiary/tls/key.pem -out /etc/apiary/tls/cert.pem 2>/dev/null
cp /etc/apiary/tls/cert.pem /etc/apiary/tls/spectra.crt
cp /etc/apiary/tls/key.pem /etc/apiary/tls/spectra.key
chgrp apiary /etc/apiary/tls/*
chmod 0640 /etc/apiary/tls/*
cert=/etc/apiary/tls/cert.pem
# backend-tebex-oauth ships disabled; switch it on with a local Tebex that refuses connections.
printf 'package-test-secret\n' >/etc/apiary/secrets/discord-client-secret
chgrp apiary /etc/apiary/secrets/discord-client-secret
chmod 0640 /etc/apiary/secrets/discord-client-secret
cat >/etc/apiary/conf.d/99-package-test.json <<'EOF'
{ "plugins": { "backend-tebex-oauth": { "enabled": true,
  "config": { "enabled_by_default": true, "tebex_base_url": "http://127.0.0.1:9" } } } }
EOF

as_apiary() { runuser -u apiary -- "$@"; }
as_apiary /usr/sbin/apiary --check-config || fail "apiary --check-config with the installed config"
token=$(as_apiary /usr/sbin/apiary token create --realm spellbot --scopes game | sed -n 's/^secret: //p')
project=$(as_apiary /usr/sbin/apiary spectrum project create --name package-test)
project_id=$(sed -n 's/^id: //p' <<<"$project")
project_secret=$(sed -n 's/^secret: //p' <<<"$project")
[[ -n $token && -n $project_id && -n $project_secret ]] || fail "operator commands gave no credentials"

step "the installed daemon in the foreground, as the unit runs it"
# As user apiary, no new privileges, no capabilities, and W^X memory (PR_SET_MDWE, the kernel's
# MemoryDenyWriteExecute) when the kernel has it: every packaged plugin must load under it.
mdwe=(perl -e 'syscall(157, 65, 1, 0, 0, 0) == 0 or die "PR_SET_MDWE: $!\n"; exec @ARGV or die "exec: $!\n"' --)
if ! "${mdwe[@]}" true 2>/dev/null; then
  echo "kernel without PR_SET_MDWE: MemoryDenyWriteExecute not exercised"
  mdwe=()
fi
# Under strace when it is installed: the unit's SystemCallFilter= cannot run without systemd as
# PID 1, so the system calls the daemon really makes are checked against it below.
tracer=()
command -v strace >/dev/null && tracer=(strace -f -qq -o "$work/trace")
"${tracer[@]}" "${mdwe[@]}" setpriv --reuid=apiary --regid=apiary --init-groups --no-new-privs \
  --bounding-set=-all /usr/sbin/apiary --config /etc/apiary/apiary.json >"$work/daemon.log" 2>&1 &
daemon_pid=$!
# The daemon itself (strace's child when traced): it gets the signals, strace exits with its code.
main_pid=$daemon_pid
for _ in $(seq 1 300); do
  ((${#tracer[@]})) && main_pid=$(pgrep -P "$daemon_pid" || echo "$daemon_pid")
  curl -fsS -o /dev/null http://127.0.0.1:9180/readyz 2>/dev/null && break
  kill -0 "$daemon_pid" 2>/dev/null || { cat "$work/daemon.log"; fail "the daemon exited"; }
  sleep 0.1
done
curl -fsS http://127.0.0.1:9180/readyz >"$work/readyz" || { cat "$work/daemon.log"; fail "/readyz"; }
echo "readyz: $(cat "$work/readyz")"

check() {  # check <what> <expected status> <body pattern> <curl args...>
  local what=$1 want=$2 pattern=$3 got
  shift 3
  got=$(curl -sS --cacert "$cert" -o "$work/body" -w '%{http_code}' "$@") || true
  if [[ $got != "$want" ]] || ! grep -q -- "$pattern" "$work/body"; then
    echo "body: $(head -c 400 "$work/body")" >&2
    fail "$what: HTTP $got, want $want and /$pattern/"
  fi
  echo "ok  $what ($got)"
}
check "spectra GET /status" 200 '"status":"UP"' https://127.0.0.1:5101/status
check "backend-tebex-oauth GET /getSupportPackages (Tebex down)" 502 'Failed to fetch packages' \
  https://127.0.0.1:5101/getSupportPackages
check "backend-tebex-oauth GET /client/oauth-callback" 400 'Missing code' \
  https://127.0.0.1:5101/client/oauth-callback
check "spectra-live ingest: Engine.IO handshake" 200 '"sid"' \
  "https://127.0.0.1:5100/socket.io/?EIO=4&transport=polling"
check "spectra-live output: Engine.IO handshake" 200 '"sid"' \
  "https://127.0.0.1:5200/socket.io/?EIO=4&transport=polling"
check "spellbot GET /" 200 'ok' https://127.0.0.1:5102/
check "auth-bearer: spellbot /api without a token" 401 'Missing or invalid Authorization' \
  -X POST https://127.0.0.1:5102/api/game/1/verify
check "auth-bearer: spellbot /api with an operator token" 200 '"verified"' -X POST \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"user_xid": 1, "guild_xid": 1, "pin": "000000"}' https://127.0.0.1:5102/api/game/1/verify
check "auth-basic + spectrum GET /projects/{id}" 200 '"succeed":true' \
  -u "$project_id:$project_secret" "https://127.0.0.1:5103/projects/$project_id/"
check "auth-basic: a wrong secret" 401 '"unauthorized"' \
  -u "$project_id:wrong" "https://127.0.0.1:5103/projects/$project_id/"
kill -TERM "$main_pid"
rc=0
wait "$daemon_pid" || rc=$?
daemon_pid=""
((rc == 0)) || { cat "$work/daemon.log"; fail "the daemon exited with $rc on SIGTERM"; }
if ((${#tracer[@]})); then
  # Every system call after exec'ing /usr/sbin/apiary (start, TLS, SQLite, requests, SIGTERM)
  # must pass the unit's SystemCallFilter= lines (groups expanded as systemd-analyze lists them).
  start=$(grep -n 'execve("/usr/sbin/apiary"' "$work/trace" | tail -1 | cut -d: -f1)
  sed -n "$start,\$p" "$work/trace" | sed -n 's/^[0-9]* *\([a-z0-9_]*\)(.*/\1/p' | sort -u >"$work/syscalls"
  filters=$(sed -n 's/^SystemCallFilter=//p' /lib/systemd/system/apiary.service | tr '\n' '|')
  denied=$(systemd-analyze syscall-filter 2>/dev/null | awk -v filters="$filters" -v used="$work/syscalls" '
    function expand(group, into,   n, i, part) {
      n = split(members[group], part, " ")
      for (i = 1; i <= n; i++)
        if (part[i] ~ /^@/) expand(part[i], into); else if (into == "allow") allow[part[i]] = 1; else deny[part[i]] = 1
    }
    /^@/ { group = $1; next }
    /^[ \t]*#/ || NF == 0 { next }
    { members[group] = members[group] " " $1 }
    END {
      n = split(filters, line, "|")
      for (i = 1; i <= n; i++) {
        into = "allow"; text = line[i]
        if (text ~ /^~/) { into = "deny"; text = substr(text, 2) }
        m = split(text, word, " ")
        for (j = 1; j <= m; j++) if (word[j] ~ /^@/) expand(word[j], into); else if (into == "allow") allow[word[j]] = 1; else deny[word[j]] = 1
      }
      while ((getline call < used) > 0) if (!(call in allow) || (call in deny)) printf "%s ", call
    }')
  echo "system calls made: $(wc -l <"$work/syscalls"); outside SystemCallFilter=: ${denied:-none}"
  [[ -z $denied ]] || fail "the daemon makes system calls apiary.service forbids: $denied"
fi

step "sdk/examples/hello out of tree against the installed apiary-dev"
cp -r /usr/share/apiary/examples/hello "$work/hello"
# No hint to the source or build tree: find_package(apiary) must find /usr/share/cmake/apiary.
cmake -S "$work/hello" -B "$work/hello-build" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >"$work/hello.log" 2>&1 || { cat "$work/hello.log"; fail "cmake hello"; }
grep -q '/usr/share/cmake/apiary' "$work/hello-build/CMakeCache.txt" || fail "hello did not use the installed SDK"
cmake --build "$work/hello-build" -j2 >>"$work/hello.log" 2>&1 || { cat "$work/hello.log"; fail "build hello"; }
ctest --test-dir "$work/hello-build" --output-on-failure >>"$work/hello.log" 2>&1 ||
  { cat "$work/hello.log"; fail "hello's unit tests"; }
mkdir -p "$work/hello-state"
cat >"$work/hello.json" <<EOF
{ "state_dir": "$work/hello-state", "admin": { "address": "127.0.0.1", "port": 0 },
  "listeners": { "main": { "address": "127.0.0.1", "port": 0, "insecure": true } },
  "plugins": { "hello": { "library": "$work/hello-build/libhello.so", "listener": "main",
                          "config": { "greeting": "Hello from the package test" } } } }
EOF
/usr/sbin/apiary --config "$work/hello.json" --port-file "$work/hello.ports" >"$work/hello-daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 1 300); do
  [[ -s $work/hello.ports ]] && break
  kill -0 "$daemon_pid" 2>/dev/null || { cat "$work/hello-daemon.log"; fail "hello: the daemon exited"; }
  sleep 0.1
done
port=$(sed -n 's/.*"main": *\([0-9]*\).*/\1/p' "$work/hello.ports")
check "hello (out-of-tree build) GET /hello/world" 200 'Hello from the package test' "http://127.0.0.1:$port/hello/world"
kill -TERM "$daemon_pid"
wait "$daemon_pid" || fail "hello: the daemon failed on SIGTERM"
daemon_pid=""

step "remove one plugin, the host still starts; reinstall restores its configuration"
dpkg -r apiary-plugin-spectrum >/dev/null
[[ ! -e /etc/apiary/conf.d/40-spectrum.json && -e /etc/apiary/conf.d/40-spectrum.json.removed ]] ||
  fail "removing apiary-plugin-spectrum did not park its conffile"
as_apiary /usr/sbin/apiary --check-config >/dev/null 2>&1 || fail "--check-config after removing a plugin"
dpkg -i "$work"/packages/apiary-plugin-spectrum_*.deb >/dev/null
[[ -e /etc/apiary/conf.d/40-spectrum.json && ! -e /etc/apiary/conf.d/40-spectrum.json.removed ]] ||
  fail "reinstalling apiary-plugin-spectrum did not restore its conffile"

step "remove keeps configuration and state; purge removes everything"
rm -f /etc/apiary/tls/* /etc/apiary/secrets/discord-client-secret /etc/apiary/conf.d/99-package-test.json
dpkg -r "${names[@]}" >/dev/null
[[ -f /etc/apiary/apiary.json && -d /var/lib/apiary ]] || fail "dpkg -r removed configuration or state"
if [[ -z $(ls /var/lib/apiary) ]]; then fail "dpkg -r emptied /var/lib/apiary"; fi
getent passwd apiary >/dev/null || fail "dpkg -r removed the user"
dpkg -P "${names[@]}" >/dev/null
left=$(leftovers)
[[ -z $left ]] || fail "left behind after purge:
$left"
echo "PASS: ${#names[@]} packages built, linted, installed, served, removed and purged"
