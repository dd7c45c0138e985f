#!/usr/bin/env bash
# Lighthouse (performance and accessibility) on the catalog, a course, the dashboard and a
# lesson, served by a fresh `practicum demo` with the committed bundle. Not a test: it
# prints the scores (and keeps the JSON reports in target/lighthouse/) for the README.
#
#   scripts/lighthouse.sh                     mobile profile (Lighthouse's default: throttled)
#   LH_PRESET=desktop scripts/lighthouse.sh   desktop profile
#   LH_RUNS=5 scripts/lighthouse.sh           runs per page (default 3); the run with the
#                                             median performance score is the one printed
#   LH_PAGES="catalog lesson" scripts/...     only these pages
#   LH_URL=http://127.0.0.1:5173 scripts/...  audit a server already running `practicum demo`
#                                             data (e.g. `vite preview` proxying to it)
#
# Needs Node, Debian's Chromium (CHROME_PATH, default /usr/bin/chromium) and the
# practicum binary (the newer of target/release and target/debug, or $PRACTICUM_BIN):
# measure with a release build (`cargo build --release -p practicum-server --bin
# practicum`); a debug server answers the page's API calls several times slower.
# Lighthouse is pinned (12.2.3: 13.x wants Node 22) and fetched by npx on first use.
# The scores depend on the machine's load (Lighthouse's mobile profile multiplies the
# main-thread time it observes by 4): the load average is printed before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
LH_VERSION=12.2.3
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
PRESET="${LH_PRESET:-mobile}"
RUNS="${LH_RUNS:-3}"
PAGES="${LH_PAGES:-catalog course dashboard lesson}"
OUT=target/lighthouse
mkdir -p "$OUT"

if [[ -n "${LH_URL:-}" ]]; then
  BASE="$LH_URL"
  BIN="(server at $BASE)"
else
  BIN="${PRACTICUM_BIN:-$( (ls -t target/release/practicum target/debug/practicum 2>/dev/null || true) | head -n1)}"
  [[ -x "$BIN" ]] || { echo "build practicum first (cargo build --release)" >&2; exit 1; }
  PORT="${LH_PORT:-18931}"
  BASE="http://127.0.0.1:$PORT"
  DB="$(mktemp -d)"
  env -u REDIS_URL DATABASE_URL="sqlite:$DB/lh.db?mode=rwc" BIND_ADDR="127.0.0.1:$PORT" \
    AUTH_RATE_LIMIT_PER_MINUTE=0 "$BIN" demo >"$OUT/server.log" 2>&1 &
  SERVER=$!
  trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DB"' EXIT
fi
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

declare -A PATHS=(
  [catalog]=/courses
  [course]=/courses/machine-learning-foundations
  [dashboard]=/dashboard
  [lesson]="/learn/linear-algebra-for-ml/lessons/$LESSON"
)
declare -A AUTH=([dashboard]=1 [lesson]=1)

audit() {
  local name=$1 run=$2
  local headers='{}'
  [[ -n "${AUTH[$name]:-}" ]] && headers="{\"Cookie\":\"$(cookie)\"}"
  local flags=(--quiet --only-categories=performance,accessibility --output=json
    --output-path="$OUT/$name-$PRESET-$run.json" --extra-headers="$headers"
    "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync")
  [[ "$PRESET" == desktop ]] && flags+=(--preset=desktop)
  npx --yes "lighthouse@$LH_VERSION" "$BASE${PATHS[$name]}" "${flags[@]}" >/dev/null 2>>"$OUT/lighthouse.log" || true
}

echo "server: $BIN; profile: $PRESET; $RUNS run(s) per page; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| page | profile | performance | accessibility | FCP | LCP | TBT | CLS | all runs |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for name in $PAGES; do
  [[ -n "${PATHS[$name]:-}" ]] || { echo "unknown page $name (catalog course dashboard lesson)" >&2; exit 1; }
  for run in $(seq 1 "$RUNS"); do audit "$name" "$run"; done
  # The run with the median performance score stands for the page; every run's score is listed.
  node -e '
    const [name, preset, runs, dir] = process.argv.slice(1);
    const reports = [];
    for (let i = 1; i <= Number(runs); i++) {
      try { reports.push(require(`${dir}/${name}-${preset}-${i}.json`)); } catch { /* failed run */ }
    }
    const ok = reports.filter((r) => r.categories?.performance?.score != null);
    if (!ok.length) { console.log(`| ${name} | ${preset} | failed | | | | | | |`); process.exit(0); }
    const perf = (r) => Math.round(r.categories.performance.score * 100);
    ok.sort((a, b) => perf(a) - perf(b));
    const r = ok[Math.floor((ok.length - 1) / 2)];
    const a = (k) => r.audits[k].displayValue || "";
    const acc = Math.round(r.categories.accessibility.score * 100);
    const cls = (r.audits["cumulative-layout-shift"].numericValue).toFixed(3).replace(/\.?0+$/, "") || "0";
    console.log(`| ${name} | ${preset} | ${perf(r)} | ${acc} | ${a("first-contentful-paint")} | ${a("largest-contentful-paint")} | ${a("total-blocking-time")} | ${cls} | ${ok.map(perf).join(", ")} |`);
  ' "$name" "$PRESET" "$RUNS" "$PWD/$OUT"
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
