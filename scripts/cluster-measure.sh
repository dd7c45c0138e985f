#!/usr/bin/env bash
# The sizing figures of README "Running in production", measured on a cluster that
# scripts/cluster.sh started (up N --demo): requests per second per process (wrk, direct
# to one process and through nginx to all), memory per process (VmRSS) idle and after the
# load, database connections per process (pg_stat_activity), and the memory an idle
# WebSocket costs (1,000 of them held on one process).
# usage: scripts/cluster-measure.sh [seconds per run, default 15] [connections, default 64]
# Needs wrk (apt-get install wrk). Start the cluster with WS_MAX_CONNECTIONS_PER_USER=2000
# and AUTH_RATE_LIMIT_PER_MINUTE=0 in the environment for the socket figure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${CLUSTER_DIR:-$ROOT/target/cluster}"
BASE_PORT="${CLUSTER_BASE_PORT:-18100}"; PROXY_PORT="${CLUSTER_PROXY_PORT:-18080}"
DATABASE="${CLUSTER_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/practicum_cluster}"
secs="${1:-15}"; conns="${2:-64}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
[[ -f "$DIR/size" ]] || { echo "no cluster in $DIR: scripts/cluster.sh up 2 --demo" >&2; exit 1; }
n="$(cat "$DIR/size")"
rss() { awk '/VmRSS/{print int($2/1024)}' "/proc/$(cat "$DIR/app-$1.pid")/status"; }
token="$(curl -fsS -H 'content-type: application/json' \
  -d '{"email":"student@practicum.example","password":"practicum-demo-1"}' \
  "http://127.0.0.1:$PROXY_PORT/api/v1/auth/login" | jq -r .access_token)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), binary $(readlink -f "$(tr '\0' '\n' <"/proc/$(cat "$DIR/app-1.pid")/cmdline" | head -n1)")"
for i in $(seq 1 "$n"); do echo "process $i idle: $(rss "$i") MiB RSS"; done
run() { # label url [auth]
  local out
  if [[ -n "${3:-}" ]]; then
    out="$(wrk -t2 -c"$conns" -d"${secs}s" --latency -H "Authorization: Bearer $token" "$2")"
  else
    out="$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$2")"
  fi
  printf '%-44s %10s req/s  p50 %8s  p99 %8s  non-2xx %s\n' "$1" \
    "$(awk '/Requests\/sec/{print $2}' <<<"$out")" \
    "$(awk '$1=="50%"{print $2}' <<<"$out")" "$(awk '$1=="99%"{print $2}' <<<"$out")" \
    "$(awk '/Non-2xx/{print $NF}' <<<"$out" | grep . || echo 0)"
}
p1="http://127.0.0.1:$((BASE_PORT + 1))"; proxy="http://127.0.0.1:$PROXY_PORT"
run "process 1: GET /health/live" "$p1/health/live"
run "process 1: GET /api/v1/courses (cached)" "$p1/api/v1/courses"
run "process 1: GET /api/v1/auth/me (token, DB)" "$p1/api/v1/auth/me" auth
run "nginx → $n: GET /api/v1/courses" "$proxy/api/v1/courses"
run "nginx → $n: GET /api/v1/auth/me" "$proxy/api/v1/auth/me" auth
for i in $(seq 1 "$n"); do echo "process $i after load: $(rss "$i") MiB RSS"; done
dbname="${DATABASE##*/}"; dbname="${dbname%%\?*}"
echo "database connections (all processes): $(psql "${DATABASE%/*}/postgres" -Atc "SELECT count(*) FROM pg_stat_activity WHERE datname = '$dbname'")"
before="$(rss 1)"
rm -f "$DIR/sockets.out"
python3 "$ROOT/scripts/cluster/hold_sockets.py" 127.0.0.1 "$((BASE_PORT + 1))" "$token" 1000 5 >"$DIR/sockets.out" &
holder=$!
for _ in $(seq 1 600); do [[ -s "$DIR/sockets.out" ]] && break; sleep 0.2; done
sleep 1
held="$(head -n1 "$DIR/sockets.out" 2>/dev/null || echo 0)"
after="$(rss 1)"
wait "$holder" || true
echo "1000 idle WebSockets on process 1: $held upgraded, RSS $before → $after MiB"
