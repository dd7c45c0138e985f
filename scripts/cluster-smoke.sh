#!/usr/bin/env bash
# The cluster smoke test (CI): scripts/cluster.sh up N --demo on a database of its own,
# scripts/cluster/smoke.py through the proxy, then down (and the database dropped),
# whatever happened. usage: scripts/cluster-smoke.sh [N, default 2]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-2}"
export CLUSTER_DIR="${CLUSTER_DIR:-$ROOT/target/cluster-smoke}"
export CLUSTER_DATABASE_URL="${CLUSTER_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/practicum_cluster_smoke}"
export CLUSTER_BASE_PORT="${CLUSTER_BASE_PORT:-18200}" CLUSTER_PROXY_PORT="${CLUSTER_PROXY_PORT:-18280}"
export CLUSTER_PROMETHEUS_PORT="${CLUSTER_PROMETHEUS_PORT:-18290}" CLUSTER_SCRAPE_INTERVAL=1s
# Small processes: one inference session and one job worker each, cheap password hashes.
export ML_WORKERS="${ML_WORKERS:-1}" JOBS_WORKERS="${JOBS_WORKERS:-1}" PASSWORD_HASH_MEMORY_KIB="${PASSWORD_HASH_MEMORY_KIB:-8192}"
finish() {
  local rc=$?
  if ((rc != 0)); then
    for f in "$CLUSTER_DIR"/app-*.log; do [[ -f "$f" ]] && { echo "--- $f"; tail -n 15 "$f"; }; done
  fi
  "$ROOT/scripts/cluster.sh" down --drop || true
  exit "$rc"
}
trap finish EXIT
"$ROOT/scripts/cluster.sh" down --drop >/dev/null 2>&1 || true
"$ROOT/scripts/cluster.sh" up "$n" --demo
processes=()
for i in $(seq 1 "$n"); do processes+=("http://127.0.0.1:$((CLUSTER_BASE_PORT + i))"); done
python3 "$ROOT/scripts/cluster/smoke.py" "http://127.0.0.1:$CLUSTER_PROXY_PORT" \
  "http://127.0.0.1:$CLUSTER_PROMETHEUS_PORT" "${processes[@]}"
