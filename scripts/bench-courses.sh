#!/usr/bin/env bash
# Load benchmark of the catalog and the dashboard on a generated dataset
# (`practicum seed-load`: 10k courses, 10k learners, 100k enrollments):
#   GET /api/v1/courses in a few page/filter/sort/search variants, with the catalog cache
#   warm and with it off (CACHE_ENABLED=false: every request queries the database), and
#   GET /api/v1/dashboard/my-courses for 20 learners with 10 enrollments each (not cached).
# usage: scripts/bench-courses.sh [sqlite|postgres] [duration, default 10s] [connections, default 32]
# Release build, fresh database, server on loopback, wrk on the same machine (they share
# the CPU: on 2 cores the figures are a floor). In-process cache only (no REDIS_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${1:-sqlite}"; duration="${2:-10s}"; conns="${3:-32}"
port=18399; base="http://127.0.0.1:$port"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -n "${BENCH_NO_BUILD:-}" ] || cargo build --release -q -p practicum-server --locked
BIN="${CARGO_TARGET_DIR:-target}/release/practicum"
work=$(mktemp -d); pid=""
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; }
trap 'stop; rm -rf "$work"' EXIT
case "$backend" in
  sqlite) url="sqlite:$work/bench.db?mode=rwc" ;;
  postgres)
    admin="${PRACTICUM_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
    db="practicum_bench_courses_$$"; psql "$admin" -q -c "CREATE DATABASE $db"
    trap 'stop; psql "$admin" -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; rm -rf "$work"' EXIT
    url="${admin%/*}/$db" ;;
  *) echo "backend must be sqlite or postgres"; exit 2 ;;
esac
export DATABASE_URL="$url" BIND_ADDR="127.0.0.1:$port" LOG_LEVEL=warn AUTH_RATE_LIMIT_PER_MINUTE=0
export JWT_SECRET="bench-secret-0123456789abcdef0123456789"
unset REDIS_URL
"$BIN" seed-load --courses "${COURSES:-10000}" --learners "${LEARNERS:-10000}" --enrollments "${ENROLLMENTS:-100000}"
serve() {
  "$BIN" serve & pid=$!
  for _ in $(seq 1 100); do curl -fs "$base/health/live" >/dev/null 2>&1 && break; sleep 0.2; done
}
run() { # label, url, extra wrk args…
  local label="$1" target="$2"; shift 2
  echo "-- $label"
  wrk -t2 -c"$conns" -d"$duration" --latency "$@" "$target" | grep -E "Requests/sec|^\s+(50|99)%|Non-2xx"
}
variants=(
  "/api/v1/courses"
  "/api/v1/courses?page=20&page_size=50&sort=rating"
  "/api/v1/courses?category=computer-vision&sort=popularity"
  "/api/v1/courses?tag=pytorch&price_max=50"
  "/api/v1/courses?search=neural%20networks"
)
echo "== $backend, $conns connections, $duration each, $(nproc) cores shared with wrk"
for cache in true false; do
  CACHE_ENABLED=$cache serve
  for v in "${variants[@]}"; do
    [ "$cache" = true ] && curl -fs "$base$v" >/dev/null  # warm
    run "GET $v (cache $cache)" "$base$v"
  done
  stop
done
serve
: > "$work/tokens"
for n in $(seq 1 20); do
  curl -fs -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"username\":\"learner$n@load.example.org\",\"password\":\"load-test-password\"}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])' >> "$work/tokens"
done
curl -fs -H "Authorization: Bearer $(head -1 "$work/tokens")" "$base/api/v1/dashboard/my-courses" \
  | python3 -c 'import json,sys; d=json.load(sys.stdin); print(f"   (learner1 has {len(d)} courses)")'
TOKENS_FILE="$work/tokens" run "GET /api/v1/dashboard/my-courses (20 learners, 10 enrollments each)" \
  "$base/api/v1/dashboard/my-courses" -s scripts/bench/tokens.lua
