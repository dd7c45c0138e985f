#!/usr/bin/env bash
# Lighthouse (performance and accessibility) on the catalog, a course, the dashboard and a
# lesson, served by a fresh `practicum demo` with the committed bundle. Not a test: it
# prints the scores (and keeps the JSON reports in target/lighthouse/) for the README.
#
#   scripts/lighthouse.sh              mobile profile (Lighthouse's default: throttled)
#   LH_PRESET=desktop scripts/lighthouse.sh
#
# Needs Node, Debian's Chromium (CHROME_PATH, default /usr/bin/chromium) and the
# practicum binary (the newer of target/release and target/debug, or $PRACTICUM_BIN).
# Lighthouse is pinned (12.2.3: 13.x wants Node 22) and fetched by npx on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
LH_VERSION=12.2.3
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
PRESET="${LH_PRESET:-mobile}"
OUT=target/lighthouse
mkdir -p "$OUT"

BIN="${PRACTICUM_BIN:-$( (ls -t target/release/practicum target/debug/practicum 2>/dev/null || true) | head -n1)}"
[[ -x "$BIN" ]] || { echo "build practicum first (cargo build --release)" >&2; exit 1; }
PORT="${LH_PORT:-18931}"
BASE="http://127.0.0.1:$PORT"
DB="$(mktemp -d)"
env -u REDIS_URL DATABASE_URL="sqlite:$DB/lh.db?mode=rwc" BIND_ADDR="127.0.0.1:$PORT" \
  AUTH_RATE_LIMIT_PER_MINUTE=0 "$BIN" demo >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DB"' EXIT
for _ in $(seq 1 120); do curl -fs "$BASE/health/ready" >/dev/null && break; sleep 0.5; done
curl -fs "$BASE/health/ready" >/dev/null

# A signed-in page restores its session from the refresh cookie: each audit gets a fresh
# cookie (a refresh rotates it, and replaying an old one would sign the learner out).
cookie() {
  curl -fs -o /dev/null -D - -X POST "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
    -H 'X-Session-Transport: cookie' \
    -d '{"email":"student@practicum.example","password":"practicum-demo-1"}' |
    tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(practicum_refresh=[^;]*\).*/\1/p'
}

# The learner is enrolled in the free foundations course; its first lesson.
TOKEN="$(curl -fs -X POST "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"student@practicum.example","password":"practicum-demo-1"}' | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')"
curl -fs -o /dev/null -X POST "$BASE/api/v1/courses/linear-algebra-for-ml/enroll" -H "Authorization: Bearer $TOKEN" || true
LESSON="$(curl -fs "$BASE/api/v1/courses/linear-algebra-for-ml" | sed -n 's/.*"lesson_id":\([0-9]*\).*/\1/p' | head -n1)"

audit() {
  local name=$1 path=$2 auth=${3:-}
  local headers='{}'
  [[ -n "$auth" ]] && headers="{\"Cookie\":\"$(cookie)\"}"
  local flags=(--quiet --only-categories=performance,accessibility --output=json
    --output-path="$OUT/$name-$PRESET.json" --extra-headers="$headers"
    "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync")
  [[ "$PRESET" == desktop ]] && flags+=(--preset=desktop)
  npx --yes "lighthouse@$LH_VERSION" "$BASE$path" "${flags[@]}" >/dev/null 2>>"$OUT/lighthouse.log" || true
  node -e '
    const r = require(process.argv[1]);
    const s = (c) => Math.round(r.categories[c].score * 100);
    const a = (k) => r.audits[k].displayValue || "";
    console.log(`| ${process.argv[2]} | ${process.argv[3]} | ${s("performance")} | ${s("accessibility")} | ${a("first-contentful-paint")} | ${a("largest-contentful-paint")} | ${a("total-blocking-time")} |`);
  ' "$PWD/$OUT/$name-$PRESET.json" "$name" "$PRESET"
}

echo "| page | profile | performance | accessibility | FCP | LCP | TBT |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
audit catalog /courses
audit course /courses/machine-learning-foundations
audit dashboard /dashboard auth
audit lesson "/learn/linear-algebra-for-ml/lessons/$LESSON" auth
