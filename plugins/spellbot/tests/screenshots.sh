#!/usr/bin/env bash
# One headless-Chromium screenshot per HTML page type (status, channel games, a user's games in
# a guild, a user's games everywhere) of the demo data in the real daemon. Exit 77 (ctest:
# skipped) when chromium is not installed (Debian package: chromium).
set -euo pipefail

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$browser" ]]; then
  echo "chromium not installed: skipping screenshots"
  exit 77
fi
: "${APIARY_BINARY:?}" "${APIARY_PLUGIN_DIR:?}" "${SCREENSHOT_DIR:?}"
if [[ ! -f "$APIARY_PLUGIN_DIR/libauth-bearer.so" ]]; then
  echo "libauth-bearer.so not built: skipping screenshots"
  exit 77
fi

work=$(mktemp -d)
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/state" "$SCREENSHOT_DIR"
cat > "$work/apiary.json" <<JSON
{
  "plugin_dir": "$APIARY_PLUGIN_DIR",
  "state_dir": "$work/state",
  "admin": { "address": "127.0.0.1", "port": 0 },
  "listeners": { "spellbot": { "address": "127.0.0.1", "port": 0, "insecure": true } },
  "plugins": {
    "bearer:spellbot": { "library": "auth-bearer", "config": { "realm": "spellbot" } },
    "spellbot": { "listener": "spellbot", "config": { "demo": true } }
  }
}
JSON
"$APIARY_BINARY" --config "$work/apiary.json" --port-file "$work/ports.json" 2> "$work/log" &
pid=$!
for _ in $(seq 100); do
  [[ -s "$work/ports.json" ]] && break
  sleep 0.1
done
port=$(sed -n 's/.*"spellbot": *\([0-9]*\).*/\1/p' "$work/ports.json")
if [[ -z "$port" ]]; then
  cat "$work/log"
  echo "the daemon did not start"
  exit 1
fi

status=0
for page in "status:/status" "channel:/g/980001/c/980101" "guild-user:/g/980001/u/1001" "user:/u/1001"; do
  name=${page%%:*}
  path=${page#*:}
  out="$SCREENSHOT_DIR/$name.png"
  rm -f "$out"
  timeout 90 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$work/profile-$name" \
    --window-size=1280,1000 --screenshot="$out" "http://127.0.0.1:$port$path" > "$work/chromium-$name.log" 2>&1 || true
  # A real rendering is a PNG of some size; an error page or nothing is a failure.
  if [[ ! -s "$out" ]] || [[ $(stat -c %s "$out") -lt 20000 ]] || \
     [[ "$(head -c 8 "$out" | od -An -tx1 | tr -d ' \n')" != "89504e470d0a1a0a" ]]; then
    echo "FAIL $name ($path): no usable screenshot"
    cat "$work/chromium-$name.log"
    status=1
  else
    echo "ok   $name ($path): $out ($(stat -c %s "$out") bytes)"
  fi
done
exit $status
