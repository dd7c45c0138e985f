#!/usr/bin/env bash
# Overload proof: CONNS connections on a database-bound route (the uncached course
# listing: a COUNT and a sorted page per request) for DURATION, with a small pool, while
# /health/ready is probed every half second with a 1 s budget. Prints the status codes
# (only 2xx and documented 503s with Retry-After may appear), the readiness probes over
# 1 s, and the server's memory before, right after, and 10 s after the load.
# usage: scripts/overload.sh [sqlite|postgres] [duration, default 30s] [connections, default 256]
# BIN= picks the binary (default target/release/practicum, else target/debug/practicum).
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${1:-sqlite}"; duration="${2:-30s}"; conns="${3:-256}"
port="${OVERLOAD_PORT:-18399}"; base="http://127.0.0.1:$port"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
BIN="${BIN:-}"
if [ -z "$BIN" ]; then
  for b in "${CARGO_TARGET_DIR:-target}/release/practicum" "${CARGO_TARGET_DIR:-target}/debug/practicum"; do
    [ -x "$b" ] && BIN="$b" && break
  done
fi
work=$(mktemp -d); pid=""; db=""; probe=""
admin="${PRACTICUM_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
cleanup() {
  [ -n "$probe" ] && kill "$probe" 2>/dev/null || true
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  [ -n "$db" ] && psql "$admin" -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$work"
}
trap cleanup EXIT
case "$backend" in
  sqlite) url="sqlite:$work/overload.db?mode=rwc" ;;
  postgres) db="practicum_overload_$$"; psql "$admin" -q -c "CREATE DATABASE $db"; url="${admin%/*}/$db" ;;
  *) echo "backend must be sqlite or postgres"; exit 2 ;;
esac
export DATABASE_URL="$url" BIND_ADDR="127.0.0.1:$port" LOG_LEVEL=error AUTH_RATE_LIMIT_PER_MINUTE=0
export JWT_SECRET="overload-secret-0123456789abcdef012345" CACHE_ENABLED=false JOBS_WORKERS=1
export DB_MAX_CONNECTIONS="${DB_MAX_CONNECTIONS:-4}" DB_ACQUIRE_TIMEOUT_SECS="${DB_ACQUIRE_TIMEOUT_SECS:-2}"
export HTTP_MAX_CONNECTIONS_PER_ADDRESS=0
BIN=$(realpath "$BIN")
"$BIN" migrate up >/dev/null
"$BIN" seed-load --courses 2000 --learners 200 --enrollments 2000 >/dev/null
# From an empty directory: no model is loaded (readiness reports "not configured").
(cd "$work" && exec "$BIN" serve >"$work/server.log" 2>&1) & pid=$!
for _ in $(seq 1 100); do curl -fs "$base/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
rss() { awk '/VmRSS/ {print $2 / 1024 " MiB"}' "/proc/$pid/status"; }
echo "== $backend, $conns connections for $duration on GET /api/v1/courses?sort=rating (uncached), pool $DB_MAX_CONNECTIONS, acquire timeout ${DB_ACQUIRE_TIMEOUT_SECS}s"
echo "memory before: $(rss)"
( while true; do
    t0=$(date +%s.%N)
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$base/health/ready" || echo timeout)
    t1=$(date +%s.%N)
    echo "$code $(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')" >>"$work/probes"
    sleep 0.5
  done ) & probe=$!
wrk -t2 -c"$conns" -d"$duration" --timeout 10s --latency -s scripts/bench/statuses.lua \
  "$base/api/v1/courses?sort=rating&page=3&page_size=20" >"$work/wrk.out"
grep -E "Requests/sec|^\s+(50|90|99)%|status|Socket errors" "$work/wrk.out"
kill "$probe" 2>/dev/null || true; probe=""
echo "memory right after: $(rss)"
sleep 10
echo "memory 10 s after: $(rss)"
total=$(wc -l <"$work/probes")
slow=$(awk '$1 != "200" || $2 > 1.0' "$work/probes" | wc -l)
max=$(awk 'BEGIN {m = 0} $2 > m {m = $2} END {print m}' "$work/probes")
echo "readiness probes: $total, not 200 within 1 s: $slow, slowest: ${max}s"
if grep -qi "panic" "$work/server.log"; then echo "the server panicked"; exit 1; fi
bad=$(grep -E "^status (5[0-9][0-9]|503_without_retry_after):" "$work/wrk.out" | grep -v "^status 503:" || true)
[ -z "$bad" ] || { echo "OVERLOAD: undocumented 5xx: $bad"; exit 1; }
[ "$slow" = 0 ] || { echo "OVERLOAD: readiness missed its 1 s budget"; exit 1; }
echo "overload proof passed"
