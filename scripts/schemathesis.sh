#!/usr/bin/env bash
# Fuzzes the running server through its own OpenAPI document with schemathesis (a client
# we did not write): authenticated (admin) and anonymous, on SQLite and — when
# PRACTICUM_TEST_POSTGRES_URL is set — on PostgreSQL. Fails on any 5xx or any response
# that contradicts the schema (status, content type, body). Every route added later is
# fuzzed too, because the document is generated from the code.
set -euo pipefail
cd "$(dirname "$0")/.."
ST_VERSION="4.32.5"
MAX_EXAMPLES="${ST_MAX_EXAMPLES:-15}"
PORT="${ST_PORT:-18099}"
BASE="http://127.0.0.1:$PORT"

if [ ! -x .venv/bin/st ]; then
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check "schemathesis==$ST_VERSION"
fi
cargo build -q -p practicum-server --locked
BIN="${CARGO_TARGET_DIR:-target}/debug/practicum"
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

export APP_ENV=development LOG_LEVEL=warn AUTH_RATE_LIMIT_PER_MINUTE=0 BIND_ADDR="127.0.0.1:$PORT"
export JWT_SECRET="schemathesis-run-secret-0123456789abcdef"
export ADMIN_EMAIL="st-admin@example.org" ADMIN_PASSWORD="st-admin-password-1"
# Configured as in production, so DELETE /ml/history answers 401/403 rather than 503
# "not configured"; schemathesis is not given the token.
export ADMIN_TOKEN="schemathesis-operator-token-0123456789abcdef"

# Runs schemathesis; a run that fails without reporting any API failure (a crash inside
# schemathesis itself, seen intermittently) is retried once. API failures never are.
st_run() {
  local name=$1; shift
  for try in 1 2; do
    if .venv/bin/st run "$BASE/api/openapi.json" "$@" >"$work/st-$name.log" 2>&1; then
      tail -n 25 "$work/st-$name.log"; return 0
    fi
    cat "$work/st-$name.log"
    if grep -qE "unique failure|ST[0-9]{3}" "$work/st-$name.log"; then return 1; fi
    echo "schemathesis itself failed (no API failure reported); retry $try"
  done
  return 1
}

run_against() {
  local label=$1 url=$2
  echo "-- schemathesis on $label"
  DATABASE_URL="$url" "$BIN" demo --no-serve >/dev/null
  DATABASE_URL="$url" "$BIN" serve >"$work/server-$label.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 50); do curl -fs "$BASE/health/live" >/dev/null 2>&1 && break; sleep 0.2; done
  token=$(curl -fs -X POST "$BASE/api/v1/admin/login" -H 'content-type: application/json' \
    -d "{\"username\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  local checks="not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
  local common=(--checks "$checks" --max-examples "$MAX_EXAMPLES" --seed 20261122 --workers 2
                --phases examples,coverage,fuzzing --exclude-path /metrics --request-timeout 20)
  status=0
  # The admin-scoped token is valid everywhere, including /admin/* routes.
  st_run "$label-admin" "${common[@]}" -H "Authorization: Bearer $token" || status=1
  st_run "$label-anonymous" "${common[@]}" || status=1
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  if grep -q "internal error" "$work/server-$label.log"; then
    echo "server log of $label has internal errors:"; grep "internal error" "$work/server-$label.log" | head -20; status=1
  fi
  return $status
}

overall=0
run_against sqlite "sqlite:$work/st.db?mode=rwc" || overall=1
if [ -n "${PRACTICUM_TEST_POSTGRES_URL:-}" ]; then
  db="practicum_st_$$"
  psql "$PRACTICUM_TEST_POSTGRES_URL" -q -c "CREATE DATABASE $db" >/dev/null
  pg_url="${PRACTICUM_TEST_POSTGRES_URL%/*}/$db"
  run_against postgres "$pg_url" || overall=1
  psql "$PRACTICUM_TEST_POSTGRES_URL" -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
fi
exit $overall
