#!/usr/bin/env bash
# The layer rules of docs/ARCHITECTURE.md, checked on the resolved dependency graph:
# - the domain crate pulls in no async runtime, database or HTTP crate (not even indirectly);
# - api depends on app and auth, never directly on the store, the ORM/driver or the model runtime.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
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
if [ "$fail" -ne 0 ]; then exit 1; fi
echo "layering: ok (domain pure; api and app respect their boundaries)"
