#!/usr/bin/env bash
# Runs the read-replica tests against a real streaming replica: clones the local
# PostgreSQL (127.0.0.1:5432) with pg_basebackup into a second cluster on another port
# (hot standby, streaming), runs `cargo test … replica` with PRACTICUM_TEST_REPLICA_URL
# pointing at it, then stops and removes it. CI runs it.
#
# The primary must accept replication connections from 127.0.0.1: a `host replication`
# line is appended to its pg_hba.conf (trust, like the test cluster's other lines) and the
# configuration reloaded when none is there.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

PRIMARY="${PRACTICUM_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
PORT="${REPLICA_PORT:-5433}"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

hba=$(psql "$PRIMARY" -Atc 'SHOW hba_file')
if ! grep -Eq '^\s*host\s+replication\s+all\s+127\.0\.0\.1/32' "$hba"; then
  echo "host replication all 127.0.0.1/32 trust" >>"$hba"
  psql "$PRIMARY" -Atc 'SELECT pg_reload_conf()' >/dev/null
fi

dir=$(mktemp -d /tmp/practicum-replica.XXXXXX)
chmod 755 "$dir"
chown postgres: "$dir" 2>/dev/null || true
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

echo "== replica: pg_basebackup of the primary into $dir/data, port $PORT"
as_pg pg_basebackup -d "$PRIMARY" -D "$dir/data" -R -X stream --checkpoint=fast
# Debian keeps the configuration outside the data directory: give the replica its own,
# with the settings a hot standby must not have lower than its primary.
{
  echo "listen_addresses = '127.0.0.1'"
  echo "port = $PORT"
  echo "unix_socket_directories = '$dir'"
  echo "hot_standby = on"
  for s in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
    echo "$s = $(psql "$PRIMARY" -Atc "SHOW $s")"
  done
} | as_pg tee "$dir/data/postgresql.conf" >/dev/null
printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' | as_pg tee "$dir/data/pg_hba.conf" >/dev/null
as_pg touch "$dir/data/pg_ident.conf"
as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/replica.log" -w start >/dev/null
REPLICA="postgres://postgres@127.0.0.1:$PORT/postgres"
[[ "$(psql "$REPLICA" -Atc 'SELECT pg_is_in_recovery()')" == t ]] || { cat "$dir/replica.log"; exit 1; }
echo "replica streaming: $(psql "$PRIMARY" -Atc "SELECT state FROM pg_stat_replication LIMIT 1")"

PRACTICUM_TEST_POSTGRES_URL="$PRIMARY" PRACTICUM_TEST_REPLICA_URL="$REPLICA" \
  cargo test -p practicum-server --test http --locked -- platform::replica
