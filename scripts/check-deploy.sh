#!/usr/bin/env bash
# Static checks of the container deployment, which CI cannot start (no images can be
# pulled there): the compose file against the Compose schema (`docker compose config`,
# or the Debian `docker-compose`), nginx's configuration with `nginx -t` (the service
# names app1/app2 swapped for local addresses, since nginx resolves upstreams while
# checking), Prometheus's configuration with `promtool check config`, and the
# Dockerfile's promises (non-root user, HEALTHCHECK on /health/live, a build stage that
# only runs scripts/build-dist.sh, glibc's mmap threshold pinned in the runtime image).
# Installs nginx, prometheus (promtool) and docker-compose from Debian when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
need() {
  local missing=()
  for pair in "$@"; do command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}"); done
  if ((${#missing[@]})); then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}
need nginx:nginx promtool:prometheus docker-compose:docker-compose
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

echo "== compose file"
export JWT_SECRET=check-deploy-secret-0123456789abcdef0123 ADMIN_TOKEN=check-deploy-admin-0123456789abcdef0123
# The dashboard and alert files are mounted by path; the check needs them to exist.
for f in deploy/grafana/practicum.json deploy/prometheus/alerts.yml; do
  [[ -f "$f" ]] || echo "note: $f is not there yet (the compose file mounts it)"
done
if docker compose version >/dev/null 2>&1; then
  docker compose -f deploy/compose.yaml config -q
else
  docker-compose -f deploy/compose.yaml config -q
fi
echo "compose: valid"

echo "== nginx"
mkdir -p "$work/nginx"
sed -e 's/server app1:8000/server 127.0.0.1:18001/' -e 's/server app2:8000/server 127.0.0.1:18002/' \
    -e "s|/etc/nginx/practicum-proxy.conf|$PWD/deploy/nginx/practicum-proxy.conf|" \
    -e "s|pid /tmp/nginx.pid;|pid $work/nginx.pid;|" \
    deploy/nginx/nginx.conf > "$work/nginx/nginx.conf"
grep -q 'proxy_set_header Upgrade \$http_upgrade' deploy/nginx/practicum-proxy.conf
nginx -t -q -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log"
echo "nginx: valid"

echo "== prometheus"
sed -e "s|/etc/prometheus/alerts.yml|$PWD/deploy/prometheus/alerts.yml|" \
    deploy/prometheus/compose-scrape.yml > "$work/prometheus.yml"
if [[ -f deploy/prometheus/alerts.yml ]]; then
  promtool check config "$work/prometheus.yml"
else
  sed -i '/^rule_files:/,/^$/d' "$work/prometheus.yml"
  promtool check config "$work/prometheus.yml"
fi

echo "== Dockerfile"
grep -Eq '^USER +[a-z]' Dockerfile || { echo "the image must run as a non-root user" >&2; exit 1; }
grep -q 'HEALTHCHECK' Dockerfile && grep -q '/health/live' Dockerfile \
  || { echo "the image needs a HEALTHCHECK on /health/live" >&2; exit 1; }
build_runs="$(awk '/^FROM .* AS build/{b=1;next} /^FROM /{b=0} b && /^RUN /' Dockerfile | grep -c 'build-dist.sh' || true)"
[[ "$build_runs" == 1 ]] || { echo "the build stage must run scripts/build-dist.sh" >&2; exit 1; }
# The memory figure of docs/PERFORMANCE.md ("Image classification") depends on it.
awk '/^FROM .* AS runtime/{r=1} r' Dockerfile | grep -Eq '^ *(ENV +)?MALLOC_MMAP_THRESHOLD_=131072' \
  || { echo "the runtime image must set MALLOC_MMAP_THRESHOLD_=131072" >&2; exit 1; }
# And so does mimalloc's purging (ADR 0068).
for setting in MIMALLOC_PURGE_DELAY=0 MIMALLOC_ARENA_EAGER_COMMIT=0; do
  awk '/^FROM .* AS runtime/{r=1} r' Dockerfile | grep -Eq "^ *(ENV +)?$setting( |\\\\|$)" \
    || { echo "the runtime image must set $setting" >&2; exit 1; }
done
echo "Dockerfile: non-root, HEALTHCHECK, build stage runs build-dist.sh, glibc mmap threshold pinned, mimalloc purges at once"
echo "check-deploy: OK"
