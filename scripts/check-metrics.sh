#!/usr/bin/env bash
# Proves the alert rules and the Grafana dashboard use only series a real process exports:
# starts `practicum demo` (SQLite, the demo model) on a free port, drives the traffic
# that makes every series appear (logins, catalog reads twice for the cache, a
# classification and a refused upload, the background jobs the scheduler enqueues),
# scrapes /metrics and runs scripts/metrics-used.py on it. Then checks the rules with
# promtool (check + the unit tests). CI runs it.
#
# usage: scripts/check-metrics.sh            (builds target/debug/practicum if missing)
#        PRACTICUM_BIN=path scripts/check-metrics.sh
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== promtool: the rules parse and their unit tests pass"
if ! command -v promtool >/dev/null 2>&1; then
  apt-get update && apt-get install -y prometheus
fi
promtool check rules deploy/prometheus/alerts.yml
(cd deploy/prometheus && promtool test rules alerts.test.yml)

BIN="${PRACTICUM_BIN:-target/debug/practicum}"
if [[ ! -x "$BIN" ]]; then
  cargo build -q --locked -p practicum-server --bin practicum
fi
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
log="$work/server.log"
cleanup() {
  if [[ -n "${pid:-}" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"; wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== a real process: practicum demo on $url"
env -u REDIS_URL -u CACHE_PREFIX -u JWT_SECRET -u SMTP_URL \
  DATABASE_URL="sqlite:$work/metrics.db?mode=rwc" BIND_ADDR="127.0.0.1:$port" \
  PUBLIC_BASE_URL="$url" AUTH_RATE_LIMIT_PER_MINUTE=0 LOG_FORMAT=text \
  MODEL_DIR="${MODEL_DIR:-models/efficientnet-lite0}" \
  "$BIN" demo --no-runtime-fetch >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do
  curl -fsS "$url/health/ready" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "practicum exited" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "$url/health/ready" >/dev/null || { tail -50 "$log"; echo "not ready" >&2; exit 1; }

token=$(curl -fsS -H 'content-type: application/json' \
  -d '{"username":"student@practicum.example","password":"practicum-demo-1"}' \
  "$url/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
for _ in 1 2; do curl -fsS "$url/api/v1/courses" >/dev/null; done
curl -fsS -H "authorization: Bearer $token" -F "image=@crates/inference/tests/fixtures/cat.jpg" \
  "$url/api/v1/ml/forward" >/dev/null
status=$(curl -s -o /dev/null -w '%{http_code}' -H "authorization: Bearer $token" \
  -F "image=@README.md;filename=x.jpg" "$url/api/v1/ml/forward")
[[ "$status" == 422 ]] || { echo "a non-image upload answered $status, not 422" >&2; exit 1; }

# The scheduler enqueues the periodic jobs at start; wait for a worker to finish one.
for _ in $(seq 1 60); do
  curl -fsS "$url/metrics" >"$work/metrics.txt"
  grep -q '^jobs_processed_total{' "$work/metrics.txt" && break
  sleep 1
done

echo "== every series the alerts and the dashboard use is in the scrape"
optional=()
if [[ -z "${DATABASE_READ_URL:-}" ]]; then optional+=(db_replica_lag_seconds); fi
python3 scripts/metrics-used.py deploy/prometheus/alerts.yml deploy/grafana/practicum.json \
  "$work/metrics.txt" ${optional[@]:+--optional "${optional[@]}"}
