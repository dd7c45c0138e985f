#!/usr/bin/env bash
# The layer rules of docs/ARCHITECTURE.md, checked on the resolved dependency graph:
# - the domain crate pulls in no async runtime, database or HTTP crate (not even indirectly);
# - api depends on app and auth, never directly on the store, the ORM/driver or the model runtime;
# - store rows stay in store (ADR 0037), checked on the sources: api never names the store
#   crate nor a store type, and app re-exports no store item beyond the database handle and
#   the task-local request scopes.
# `scripts/check-layers.sh --sources DIR` runs only the source checks, on DIR's crates/
# (scripts/check-layers.test.sh uses it on a copy with deliberate violations).
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0

# The store items app may re-export: the database handle the server builds `App` with (and
# the tests open), and the task-local scopes the HTTP middleware sets. No row type.
store_reexports_allowed='Backend|Db|DbOptions|current_request_id|with_request_id|with_primary_reads'

check_sources() {
  local root=$1 hits names
  # api never names the store crate (a dependency check alone misses a path through app).
  if hits=$(grep -rn 'practicum_store' "$root/crates/api/src"); then
    echo "$hits"
    echo "layering: crates/api names practicum_store (api sees app's types only)"; fail=1
  fi
  # app re-exports no store item (`pub use practicum_store::…`, `pub type X = practicum_store::…`).
  hits=$(find "$root/crates/app/src" -name '*.rs' -print0 | xargs -0 perl -0ne '
    while (/pub(?:\([^)]*\))?\s+(?:use|type\s+\w+\s*=)\s+(practicum_store::[^;]*);/g) {
      my $u = $1; $u =~ s/\bself\b//g;
      for my $name ($u =~ /\b([A-Za-z_]\w*)\s*(?:[,}]|$)/g) {
        print "$ARGV: pub use of store item $name\n" unless $name =~ /^(?:'"$store_reexports_allowed"')$/;
      }
    }')
  if [ -n "$hits" ]; then
    echo "$hits"
    echo "layering: app re-exports store items (convert rows into app read models instead)"; fail=1
  fi
  # api names no store type: every public type of the store that neither app nor api defines
  # itself under the same name, searched in api's code with comments and strings removed.
  names=$(comm -23 \
    <(grep -rhoE '^\s*pub (struct|enum|type|trait) [A-Z][A-Za-z0-9_]*' "$root/crates/store/src" | awk '{print $3}' | sort -u) \
    <(grep -rhoE '^\s*(pub(\([a-z]+\))? )?(struct|enum|type|trait) [A-Z][A-Za-z0-9_]*' "$root/crates/app/src" "$root/crates/api/src" |
      awk '{print $NF}' | sort -u))
  if [ -n "$names" ]; then
    hits=$(find "$root/crates/api/src" -name '*.rs' -print0 | STORE_TYPES="$names" xargs -0 perl -ne '
      BEGIN { %n = map { $_ => 1 } split /\n/, $ENV{STORE_TYPES} }
      s{//.*}{}; s/"(?:[^"\\]|\\.)*"//g;
      for my $w (/\b([A-Z][A-Za-z0-9_]*)\b/g) { print "$ARGV:$.: store type $w\n" if $n{$w} }
      close ARGV if eof;')
    if [ -n "$hits" ]; then
      echo "$hits"
      echo "layering: api uses store types (app hands api its own read models)"; fail=1
    fi
  fi
}

if [ "${1:-}" = "--sources" ]; then
  check_sources "${2:?usage: check-layers.sh --sources DIR}"
  if [ "$fail" -ne 0 ]; then exit 1; fi
  echo "layering: ok (store rows stay in store)"
  exit 0
fi

domain_tree=$(cargo tree -p practicum-domain -e normal --prefix none --format '{p}' | awk '{print $1}' | sort -u)
for banned in tokio sqlx sqlx-core sea-orm axum hyper reqwest tower redis ort practicum-store; do
  if grep -qx "$banned" <<<"$domain_tree"; then
    echo "layering: practicum-domain depends on $banned (the domain stays pure)"; fail=1
  fi
done
api_direct=$(cargo tree -p practicum-api -e normal --depth 1 --prefix none --format '{p}' | awk '{print $1}' | sort -u)
for banned in practicum-store sqlx sqlx-core sea-orm practicum-inference ort; do
  if grep -qx "$banned" <<<"$api_direct"; then
    echo "layering: practicum-api depends directly on $banned (routes go through practicum-app)"; fail=1
  fi
done
app_direct=$(cargo tree -p practicum-app -e normal --depth 1 --prefix none --format '{p}' | awk '{print $1}' | sort -u)
for banned in axum tower-http utoipa practicum-api; do
  if grep -qx "$banned" <<<"$app_direct"; then
    echo "layering: practicum-app depends on $banned (use-cases know no HTTP)"; fail=1
  fi
done
check_sources .
if [ "$fail" -ne 0 ]; then exit 1; fi
echo "layering: ok (domain pure; api and app respect their boundaries; store rows stay in store)"
