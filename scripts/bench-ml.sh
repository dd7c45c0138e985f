#!/usr/bin/env bash
# End-to-end classification benchmark through HTTP, in one run on this machine:
# 1. the raw engine: images/s of the default pool (one single-threaded session per core)
#    fed preprocessed tensors for the same duration as the HTTP run
#    (cargo bench -p practicum-inference --bench engine -- --pool-only SECONDS);
# 2. a release server with the default ML settings: resident memory (VmRSS) with the model
#    loaded, idle and after 1,000 classifications at concurrency 8, then images/s of
#    POST /api/v1/ml/forward (one JPEG a request) at concurrency 8 and its ratio to (1)
#    — the two figures of issue #14 (targets: < 150 MB, ≥ 90 %). The raw engine and the
#    HTTP run alternate ML_PAIRS times (default 3) and the ratio is taken pair by pair, its
#    median reported: the machine's speed drifts by more than the target's margin between
#    two runs minutes apart (78 % and 91 % in two back-to-back single pairs). Also the server's CPU
#    time and page faults per request over those 1,000 (/proc/PID/stat), which unlike the
#    ratio do not depend on what else runs on the machine;
# 3. unless ML_TARGETS_ONLY=1: latency and images/s at concurrency 1, 8 and 32 with
#    dynamic batching off (ML_MAX_BATCH=1) and on (ML_MAX_BATCH=8, ML_MAX_WAIT_MS=5).
# All on SQLite. usage: scripts/bench-ml.sh [duration, default 15s]
# BENCH_NO_BUILD=1 reuses target/release (or PRACTICUM_BIN, e.g. another build for an
# A/B; the raw engine is always this checkout's); the cores are shared with wrk.
# The server runs with the environment the container image sets (MALLOC_MMAP_THRESHOLD_,
# MIMALLOC_PURGE_DELAY, MIMALLOC_ARENA_EAGER_COMMIT, see Dockerfile); BENCH_GLIBC_DEFAULTS=1 runs
# it with the allocators' defaults instead.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-15s}"; port=18299; base="http://127.0.0.1:$port"
case "$duration" in
  *m) seconds=$(( ${duration%m} * 60 )) ;;
  *s) seconds=${duration%s} ;;
  *) seconds=$duration ;;
esac
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
./scripts/fetch-onnxruntime.sh >/dev/null
[ -n "${BENCH_NO_BUILD:-}" ] || cargo build --release -q -p practicum-server --locked
BIN="${PRACTICUM_BIN:-${CARGO_TARGET_DIR:-target}/release/practicum}"
export IMAGE="${IMAGE:-$PWD/crates/inference/tests/fixtures/dog.jpg}"
work=$(mktemp -d); pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
export DATABASE_URL="sqlite:$work/bench.db?mode=rwc" BIND_ADDR="127.0.0.1:$port" LOG_LEVEL=warn
export AUTH_RATE_LIMIT_PER_MINUTE=0 ML_RATE_LIMIT_PER_MINUTE=0 WRITE_RATE_LIMIT_PER_MINUTE=0 JWT_SECRET="bench-secret-0123456789abcdef0123456789" ML_QUEUE_CAPACITY=128
"$BIN" demo --no-serve >/dev/null

malloc_env=(MALLOC_MMAP_THRESHOLD_=131072 MIMALLOC_PURGE_DELAY=0 MIMALLOC_ARENA_EAGER_COMMIT=0)
[ -z "${BENCH_GLIBC_DEFAULTS:-}" ] || malloc_env=()
start_server() {
  env "${malloc_env[@]}" "$BIN" serve & pid=$!
  for _ in $(seq 1 300); do curl -fs "$base/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
  export TOKEN=$(curl -fs -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
    -d '{"username":"student@practicum.example","password":"practicum-demo-1"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
}
stop_server() { kill $pid; wait $pid 2>/dev/null || true; pid=""; }
rss_mb() { awk '/VmRSS/{printf "%.0f", $2/1024}' /proc/$pid/status; }
# "minor_faults major_faults cpu_ticks" of the whole server (fields after the command name).
counters() { sed 's/.*) //' /proc/$pid/stat | awk '{print $8, $10, $12 + $13}'; }

pairs="${ML_PAIRS:-3}"
# raw_engine: one line of the engine bench, "throughput …: N images/s (…)".
raw_engine() {
  cargo bench -q -p practicum-inference --bench engine --locked -- --pool-only "$seconds" 2>/dev/null \
    | grep -E "^throughput" | tail -1
}
echo "== raw engine (default pool, preprocessed tensors), $(nproc) cores: built and warmed"
raw_engine >/dev/null

echo "== POST /api/v1/ml/forward, $(basename "$IMAGE"), default ML settings, env: ${malloc_env[*]:-allocator defaults}"
start_server
echo "RSS with the model loaded, idle: $(rss_mb) MB"
# A fixed count, not wrk: wrk sleeps for its whole -d even after every thread stopped
# (see scripts/bench/forward-n.py). A short run with errors is reported, not hidden.
before=$(counters)
COUNT=1000 CONCURRENCY=8 python3 scripts/bench/forward-n.py "$base/api/v1/ml/forward" || echo "(not all 1,000 answered 200)"
after=$(counters)
echo "RSS after 1,000 classifications at concurrency 8: $(rss_mb) MB (target < 150)"
read -r min0 maj0 cpu0 <<<"$before"; read -r min1 maj1 cpu1 <<<"$after"
python3 -c "print(f'server per request over those 1,000: CPU {1000*($cpu1-$cpu0)/$(getconf CLK_TCK)/1000:.2f} ms, minor page faults {($min1-$min0)/1000:.0f}, major {($maj1-$maj0)/1000:.1f}')"
# Raw engine, then HTTP, ML_PAIRS times (the server idles while the engine bench runs).
ratios=""
for n in $(seq 1 "$pairs"); do
  raw=$(raw_engine)
  raw_ips=$(sed -E 's/.*: ([0-9.]+) images\/s.*/\1/' <<<"$raw")
  http=$(wrk -t1 -c8 -d"$duration" --latency -s scripts/bench/forward.lua "$base/api/v1/ml/forward")
  http_ips=$(awk '/Requests\/sec/{print $2}' <<<"$http")
  p50=$(awk '$1=="50%"{print $2}' <<<"$http"); p99=$(awk '$1=="99%"{print $2}' <<<"$http")
  errors=$(awk '/Non-2xx/{print $NF}' <<<"$http")
  ratio=$(python3 -c "print(f'{100*float($http_ips)/float($raw_ips):.0f}')")
  ratios+="${ratios:+ }$ratio"
  echo "pair $n: raw engine $raw_ips images/s; HTTP at concurrency 8 $http_ips images/s (p50 $p50, p99 $p99${errors:+, non-2xx $errors}); HTTP/raw $ratio %"
done
echo "RSS after the runs: $(rss_mb) MB"
python3 -c "import statistics; r=[int(x) for x in '$ratios'.split()]; print(f'HTTP/raw at concurrency 8, median of {len(r)} pairs: {statistics.median(r):.0f} % (pairs: {\", \".join(f\"{x} %\" for x in r)}; target >= 90 %)')"
stop_server
[ -z "${ML_TARGETS_ONLY:-}" ] || exit 0

for batch in 1 8; do
  ML_MAX_BATCH=$batch ML_MAX_WAIT_MS=5 start_server
  for conns in 1 8 32; do
    echo "-- max_batch $batch, concurrency $conns"
    wrk -t1 -c"$conns" -d"$duration" --latency -s scripts/bench/forward.lua "$base/api/v1/ml/forward" \
      | grep -E "Requests/sec|^\s+(50|99)%|Non-2xx"
  done
  stop_server
done
