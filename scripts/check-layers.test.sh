#!/usr/bin/env bash
# A test of the source checks of scripts/check-layers.sh: they pass on the real tree and fail
# on a copy of it with one deliberate violation each (ADR 0037). Run by .ci/run after the
# layer check; needs nothing but bash and perl.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# A fresh copy of the sources the checks read, into "$work/$1".
copy() {
  mkdir -p "$work/$1/crates"
  for c in api app store; do
    mkdir -p "$work/$1/crates/$c"
    cp -r "crates/$c/src" "$work/$1/crates/$c/"
  done
}

# expect_fail NAME MESSAGE: the check must exit non-zero and say MESSAGE.
expect_fail() {
  local out
  if out=$(scripts/check-layers.sh --sources "$work/$1" 2>&1); then
    echo "FAIL $1: the layer check passed on a deliberate violation"; failures=1
  elif ! grep -qF "$2" <<<"$out"; then
    echo "FAIL $1: the layer check failed without saying '$2':"; echo "$out"; failures=1
  else
    echo "ok   $1: caught ($2)"
  fi
}

if out=$(scripts/check-layers.sh --sources . 2>&1); then
  echo "ok   real tree: passes"
else
  echo "FAIL real tree: $out"; failures=1
fi

copy clean
if scripts/check-layers.sh --sources "$work/clean" >/dev/null 2>&1; then
  echo "ok   unmodified copy: passes"
else
  echo "FAIL unmodified copy: the check fails on a copy of the real tree"; failures=1
fi

copy api-names-store
echo 'use practicum_store::reviews::ReviewRecord;' >>"$work/api-names-store/crates/api/src/reviews/dto.rs"
expect_fail api-names-store "crates/api names practicum_store"

copy app-reexports-row
printf 'pub use practicum_store::{\n    reviews::{self, ReviewRecord},\n    Db,\n};\n' \
  >>"$work/app-reexports-row/crates/app/src/reviews/mod.rs"
expect_fail app-reexports-row "pub use of store item ReviewRecord"

copy api-uses-store-type
echo 'pub fn leak(_: &practicum_app::reviews::ReviewRecord) {} // via an app alias' \
  >>"$work/api-uses-store-type/crates/api/src/reviews/dto.rs"
expect_fail api-uses-store-type "store type ReviewRecord"

exit "$failures"
