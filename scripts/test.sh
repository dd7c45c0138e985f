#!/usr/bin/env bash
# The README's one test command: the Rust tests, then the web app's unit tests and its
# browser tests (Playwright + Debian's Chromium against a real `practicum demo`).
#
#   scripts/test.sh            everything
#   SKIP_RUST=1 scripts/test.sh   only the web tests (the binary must be built)
#
# The browser tests need Node (20.19+), the web app's packages (installed here with
# `npm ci` when missing), Chromium at $CHROMIUM_PATH (default /usr/bin/chromium) and the
# `sqlite3` command-line tool (one journey writes a dead job into the demo's database).
# When one is missing the web tests cannot run: that is said loudly, and with CI set it
# fails the run (CI never skips them silently).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${SKIP_RUST:-}" ]]; then
  echo "== rust tests"
  ./scripts/fetch-onnxruntime.sh
  cargo test --workspace --locked
fi

echo "== the practicum binary the browser tests start"
cargo build --locked -p practicum-server --bin practicum

missing=()
command -v node >/dev/null 2>&1 || missing+=("node (20.19 or newer)")
command -v npm >/dev/null 2>&1 || missing+=("npm")
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
[[ -x "$CHROMIUM_PATH" ]] || missing+=("chromium at $CHROMIUM_PATH (apt-get install chromium)")
# The console's dead-job journey writes its job into the demo's SQLite file.
command -v sqlite3 >/dev/null 2>&1 || missing+=("sqlite3 (apt-get install sqlite3)")
if (( ${#missing[@]} > 0 )); then
  echo "!! the web tests cannot run: missing ${missing[*]}" >&2
  if [[ -n "${CI:-}" ]]; then
    echo "!! CI is set: failing instead of skipping" >&2
    exit 1
  fi
  echo "!! SKIPPED: web unit tests and browser tests (install the above to run them)" >&2
  exit 0
fi
export CHROMIUM_PATH

cd web
if [[ ! -d node_modules ]]; then
  echo "== npm ci (web/node_modules is missing)"
  npm ci --no-audit --no-fund
fi

echo "== web unit tests (vitest)"
npm test

echo "== browser tests (playwright; screenshots in target/e2e-screenshots)"
npx playwright test
