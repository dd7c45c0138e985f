#!/usr/bin/env bash
# Load benchmark on loopback with wrk: GET /health/live, GET /api/v1/auth/me, POST login.
# usage: scripts/bench.sh [sqlite|postgres] [duration, default 10s] [connections, default 32]
# Builds the release binary, seeds a fresh database with `practicum demo --no-serve`, serves
# with rate limiting off, and prints wrk's requests/s and latency percentiles.
# wrk runs on the same machine as the server: on 2 cores they share the CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${1:-sqlite}"; duration="${2:-10s}"; conns="${3:-32}"
port=18199; base="http://127.0.0.1:$port"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -n "${BENCH_NO_BUILD:-}" ] || cargo build --release -q -p practicum-server --locked
BIN="${CARGO_TARGET_DIR:-target}/release/practicum"
work=$(mktemp -d); pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
case "$backend" in
  sqlite) url="sqlite:$work/bench.db?mode=rwc" ;;
  postgres)
    admin="${PRACTICUM_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
    db="practicum_bench_$$"; psql "$admin" -q -c "CREATE DATABASE $db"
    trap '[ -n "$pid" ] && kill $pid 2>/dev/null; psql "$admin" -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; rm -rf "$work"' EXIT
    url="${admin%/*}/$db" ;;
  *) echo "backend must be sqlite or postgres"; exit 2 ;;
esac
export DATABASE_URL="$url" BIND_ADDR="127.0.0.1:$port" LOG_LEVEL=warn AUTH_RATE_LIMIT_PER_MINUTE=0
export JWT_SECRET="bench-secret-0123456789abcdef0123456789"
"$BIN" demo --no-serve >/dev/null
"$BIN" serve & pid=$!
for _ in $(seq 1 50); do curl -fs "$base/health/live" >/dev/null && break; sleep 0.2; done
token=$(curl -fs -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"username":"student@practicum.example","password":"practicum-demo-1"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
echo "== $backend, $conns connections, $duration each, $(nproc) cores shared with wrk"
echo "-- GET /health/live";    wrk -t2 -c"$conns" -d"$duration" --latency "$base/health/live" | grep -E "Requests/sec|^\s+(50|90|99)%"
echo "-- GET /api/v1/auth/me"; wrk -t2 -c"$conns" -d"$duration" --latency -H "Authorization: Bearer $token" "$base/api/v1/auth/me" | grep -E "Requests/sec|^\s+(50|90|99)%"
echo "-- POST /api/v1/auth/login (argon2id, OWASP cost)"; wrk -t2 -c8 -d"$duration" --latency -s scripts/bench/login.lua "$base/api/v1/auth/login" | grep -E "Requests/sec|^\s+(50|90|99)%|Non-2xx"
