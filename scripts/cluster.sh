#!/usr/bin/env bash
# The production topology on one machine, without containers (what deploy/compose.yaml
# describes): N `practicum serve` processes over one PostgreSQL database and Redis,
# nginx in front (WebSocket upgrades passed; deploy/nginx/practicum-proxy.conf), and
# Prometheus scraping every process with deploy/prometheus/alerts.yml loaded when present.
# nginx and Prometheus come from Debian's packages, installed when missing.
#
# usage: scripts/cluster.sh up [N] [--demo]   start N processes (default 2); --demo seeds
#                                             the demo accounts (practicum demo --no-serve)
#        scripts/cluster.sh down [--drop]     stop everything `up` started; --drop also
#                                             drops the cluster's database
#        scripts/cluster.sh status            what runs, and where
#
# Settings (environment):
#   PRACTICUM_BIN            the binary (default: the newer of target/release and
#                            target/debug, built when neither exists)
#   CLUSTER_DIR              state, logs and generated configs (default target/cluster)
#   CLUSTER_DATABASE_URL     default postgres://postgres@127.0.0.1:5432/practicum_cluster
#                            (created when missing, migrated by `up`)
#   CLUSTER_REDIS_URL        default $REDIS_URL, else redis://127.0.0.1:6379
#   CLUSTER_BASE_PORT        process i listens on BASE+i (default 18100: 18101, 18102, …)
#   CLUSTER_PROXY_PORT       nginx (default 18080)
#   CLUSTER_PROMETHEUS_PORT  Prometheus (default 18090)
#   CLUSTER_SCRAPE_INTERVAL  Prometheus scrape interval (default 5s)
# Any other practicum setting in the environment (ML_WORKERS, JOBS_WORKERS, …) reaches
# every process. Processes run with APP_ENV=production and JSON logs in CLUSTER_DIR.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${CLUSTER_DIR:-$ROOT/target/cluster}"
DATABASE="${CLUSTER_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/practicum_cluster}"
REDIS="${CLUSTER_REDIS_URL:-${REDIS_URL:-redis://127.0.0.1:6379}}"
BASE_PORT="${CLUSTER_BASE_PORT:-18100}"
PROXY_PORT="${CLUSTER_PROXY_PORT:-18080}"
PROM_PORT="${CLUSTER_PROMETHEUS_PORT:-18090}"
SCRAPE="${CLUSTER_SCRAPE_INTERVAL:-5s}"

log() { echo "cluster: $*"; }
die() { echo "cluster: error: $*" >&2; exit 1; }

# A pid from a pid file, only while it is still the process we started (its command
# line names what we expect), so a recycled pid is never signalled.
live_pid() {
  local file="$1" expect="$2" pid
  [[ -f "$file" ]] || return 1
  pid="$(tr -dc '0-9' <"$file")"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$expect" || return 1
  echo "$pid"
}

stop_pid_file() {
  local file="$1" expect="$2" pid
  if pid="$(live_pid "$file" "$expect")"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    log "stopped $(basename "$file" .pid) ($pid)"
  fi
  rm -f "$file"
}

install_tools() {
  local missing=()
  command -v nginx >/dev/null 2>&1 || missing+=(nginx)
  command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
  if ((${#missing[@]})); then
    [[ "$(id -u)" == 0 ]] || die "install ${missing[*]} (apt-get install -y ${missing[*]}) or run as root"
    log "installing ${missing[*]} from Debian"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  # The Debian packages start system services; this cluster runs its own instances.
}

binary() {
  if [[ -n "${PRACTICUM_BIN:-}" ]]; then echo "$PRACTICUM_BIN"; return; fi
  local target="${CARGO_TARGET_DIR:-$ROOT/target}" best=""
  for b in "$target/release/practicum" "$target/debug/practicum"; do
    if [[ -x "$b" && ( -z "$best" || "$b" -nt "$best" ) ]]; then best="$b"; fi
  done
  if [[ -z "$best" ]]; then
    (cd "$ROOT" && cargo build -q --locked -p practicum-server --bin practicum) >&2
    best="$target/debug/practicum"
  fi
  echo "$best"
}

secret() {
  local file="$DIR/$1"
  [[ -s "$file" ]] || (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$file")
  cat "$file"
}

up() {
  local n=2 demo=0
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --demo) demo=1 ;;
      [0-9]*) n="$1" ;;
      *) die "unknown argument to up: $1" ;;
    esac
    shift
  done
  ((n >= 1)) || die "N must be at least 1"
  install_tools
  mkdir -p "$DIR"
  [[ -f "$DIR/size" ]] && die "already up ($(cat "$DIR/size") processes): run '$0 down' first"
  local bin; bin="$(binary)"
  log "binary: $bin"

  # PostgreSQL and Redis are the operator's (CI starts them); the database is created.
  local server_url="${DATABASE%/*}/postgres" dbname="${DATABASE##*/}"
  dbname="${dbname%%\?*}"
  pg_isready -q -d "$server_url" || die "PostgreSQL does not answer at ${server_url%%@*}@…"
  if [[ -z "$(psql "$server_url" -Atc "SELECT 1 FROM pg_database WHERE datname = '$dbname'")" ]]; then
    psql "$server_url" -qc "CREATE DATABASE \"$dbname\"" && log "created database $dbname"
  fi
  redis-cli -u "$REDIS" ping >/dev/null 2>&1 || die "Redis does not answer at $REDIS"

  export APP_ENV=production DATABASE_URL="$DATABASE" REDIS_URL="$REDIS"
  JWT_SECRET="$(secret jwt_secret)"; ADMIN_TOKEN="$(secret admin_token)"
  export JWT_SECRET ADMIN_TOKEN
  export TRUST_PROXY_HEADERS=true TRUSTED_PROXY_HOPS=1 LOG_FORMAT=json
  export PUBLIC_BASE_URL="http://127.0.0.1:$PROXY_PORT"
  "$bin" migrate up >"$DIR/migrate.log" 2>&1 || { cat "$DIR/migrate.log" >&2; die "migrate up failed"; }
  if ((demo)); then
    "$bin" demo --no-serve --no-runtime-fetch >"$DIR/demo.log" 2>&1 || { cat "$DIR/demo.log" >&2; die "demo seeding failed"; }
    log "demo accounts seeded"
  fi

  local upstreams="" targets="" i port
  for i in $(seq 1 "$n"); do
    port=$((BASE_PORT + i))
    BIND_ADDR="127.0.0.1:$port" setsid nohup "$bin" serve >"$DIR/app-$i.log" 2>&1 </dev/null &
    echo $! >"$DIR/app-$i.pid"
    upstreams+="        server 127.0.0.1:$port max_fails=3 fail_timeout=5s;"$'\n'
    targets+="\"127.0.0.1:$port\", "
  done
  echo "$n" >"$DIR/size"
  for i in $(seq 1 "$n"); do
    port=$((BASE_PORT + i))
    local ok=0
    for _ in $(seq 1 600); do
      if curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then ok=1; break; fi
      live_pid "$DIR/app-$i.pid" practicum >/dev/null || break
      sleep 0.2
    done
    ((ok)) || { tail -n 30 "$DIR/app-$i.log" >&2; die "process $i (port $port) did not become ready"; }
    log "process $i ready on 127.0.0.1:$port (pid $(cat "$DIR/app-$i.pid"))"
  done

  mkdir -p "$DIR/nginx/tmp"
  cat >"$DIR/nginx/nginx.conf" <<NGINX
# Generated by scripts/cluster.sh; the proxy rules are deploy/nginx/practicum-proxy.conf.
worker_processes 2;
pid $DIR/nginx/nginx.pid;
error_log $DIR/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log $DIR/nginx/access.log;
    client_body_temp_path $DIR/nginx/tmp/body;
    proxy_temp_path $DIR/nginx/tmp/proxy;
    fastcgi_temp_path $DIR/nginx/tmp/fastcgi;
    uwsgi_temp_path $DIR/nginx/tmp/uwsgi;
    scgi_temp_path $DIR/nginx/tmp/scgi;
    map \$http_upgrade \$connection_upgrade {
        default upgrade;
        ''      '';
    }
    upstream practicum {
$upstreams        keepalive 32;
    }
    server {
        listen 127.0.0.1:$PROXY_PORT;
        # Which process answered (this local topology only: the smoke test checks that
        # a write and a read, a socket and an event, were served by different ones).
        add_header X-Upstream \$upstream_addr always;
        include $ROOT/deploy/nginx/practicum-proxy.conf;
    }
}
NGINX
  nginx -t -q -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -e "$DIR/nginx/error.log" \
    || die "nginx rejected $DIR/nginx/nginx.conf"
  nginx -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -e "$DIR/nginx/error.log"
  log "nginx on http://127.0.0.1:$PROXY_PORT"

  local rules="" alerts="$ROOT/deploy/prometheus/alerts.yml"
  if [[ -f "$alerts" ]]; then
    rules=$'rule_files:\n  - '"$alerts"$'\n'
  else
    log "no deploy/prometheus/alerts.yml: Prometheus runs without alert rules"
  fi
  cat >"$DIR/prometheus.yml" <<PROM
# Generated by scripts/cluster.sh.
global:
  scrape_interval: $SCRAPE
  evaluation_interval: $SCRAPE
${rules}scrape_configs:
  - job_name: practicum
    static_configs:
      - targets: [${targets%, }]
PROM
  promtool check config "$DIR/prometheus.yml" >/dev/null || die "promtool rejected $DIR/prometheus.yml"
  setsid nohup prometheus --config.file="$DIR/prometheus.yml" --storage.tsdb.path="$DIR/prometheus-data" \
    --web.listen-address="127.0.0.1:$PROM_PORT" >"$DIR/prometheus.log" 2>&1 </dev/null &
  echo $! >"$DIR/prometheus.pid"
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fs "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null || { tail -n 20 "$DIR/prometheus.log" >&2; die "Prometheus did not start"; }
  log "Prometheus on http://127.0.0.1:$PROM_PORT"
  log "up: $n processes behind http://127.0.0.1:$PROXY_PORT (logs in $DIR)"
}

down() {
  local drop=0
  [[ "${1:-}" == "--drop" ]] && drop=1
  if [[ -f "$DIR/nginx/nginx.pid" ]]; then stop_pid_file "$DIR/nginx/nginx.pid" nginx; fi
  stop_pid_file "$DIR/prometheus.pid" prometheus
  local f
  for f in "$DIR"/app-*.pid; do
    [[ -e "$f" ]] && stop_pid_file "$f" practicum
  done
  rm -f "$DIR/size"
  if ((drop)); then
    local server_url="${DATABASE%/*}/postgres" dbname="${DATABASE##*/}"
    dbname="${dbname%%\?*}"
    psql "$server_url" -qc "DROP DATABASE IF EXISTS \"$dbname\" WITH (FORCE)" && log "dropped database $dbname"
    rm -rf "$DIR/prometheus-data"
  fi
  log "down"
}

status() {
  [[ -f "$DIR/size" ]] || { log "not up"; return 0; }
  local n i port; n="$(cat "$DIR/size")"
  for i in $(seq 1 "$n"); do
    port=$((BASE_PORT + i))
    if pid="$(live_pid "$DIR/app-$i.pid" practicum)"; then
      log "process $i: pid $pid, 127.0.0.1:$port, ready: $(curl -fs -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || echo no)"
    else
      log "process $i: not running"
    fi
  done
  log "nginx: http://127.0.0.1:$PROXY_PORT  Prometheus: http://127.0.0.1:$PROM_PORT"
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) shift; down "$@" ;;
  status) status ;;
  *) sed -n '2,26p' "$0"; exit 2 ;;
esac
