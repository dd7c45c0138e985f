#!/usr/bin/env bash
# End-to-end classification benchmark through HTTP: images/s and latency percentiles of
# POST /api/v1/ml/forward (one JPEG per request) at concurrency 1, 8 and 32, with dynamic
# batching off (ML_MAX_BATCH=1) and on (ML_MAX_BATCH=8, ML_MAX_WAIT_MS=5), on SQLite.
# Compare with the raw engine: cargo bench -p practicum-inference --bench engine.
# usage: scripts/bench-ml.sh [duration, default 15s]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-15s}"; port=18299; base="http://127.0.0.1:$port"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
./scripts/fetch-onnxruntime.sh >/dev/null
[ -n "${BENCH_NO_BUILD:-}" ] || cargo build --release -q -p practicum-server --locked
BIN="${CARGO_TARGET_DIR:-target}/release/practicum"
export IMAGE="${IMAGE:-$PWD/crates/inference/tests/fixtures/dog.jpg}"
work=$(mktemp -d); pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
export DATABASE_URL="sqlite:$work/bench.db?mode=rwc" BIND_ADDR="127.0.0.1:$port" LOG_LEVEL=warn
export AUTH_RATE_LIMIT_PER_MINUTE=0 ML_RATE_LIMIT_PER_MINUTE=0 WRITE_RATE_LIMIT_PER_MINUTE=0 JWT_SECRET="bench-secret-0123456789abcdef0123456789" ML_QUEUE_CAPACITY=128
"$BIN" demo --no-serve >/dev/null
echo "== POST /api/v1/ml/forward, $(basename "$IMAGE"), $duration per run, $(nproc) cores shared with wrk"
for batch in 1 8; do
  ML_MAX_BATCH=$batch ML_MAX_WAIT_MS=5 "$BIN" serve & pid=$!
  for _ in $(seq 1 100); do curl -fs "$base/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
  export TOKEN=$(curl -fs -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
    -d '{"username":"student@practicum.example","password":"practicum-demo-1"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  for conns in 1 8 32; do
    echo "-- max_batch $batch, concurrency $conns"
    wrk -t1 -c"$conns" -d"$duration" --latency -s scripts/bench/forward.lua "$base/api/v1/ml/forward" \
      | grep -E "Requests/sec|^\s+(50|99)%|Non-2xx"
  done
  kill $pid; wait $pid 2>/dev/null || true; pid=""
done
