#!/usr/bin/env bash
# Proves the release directory is self-contained: builds it with scripts/build-dist.sh,
# unpacks the tarball into an empty temporary directory outside the repository, and
# starts it from yet another empty directory with an empty environment (no MODEL_DIR, no
# ORT_DYLIB_PATH, no .env). Then checks /health/ready, that the model is loaded from the
# release itself (/api/v1/ml/models says ready, and ONNX Runtime was loaded from the
# release's lib/), that a real image is classified, and that the log written to a file
# carries no terminal colour codes.
#
# usage: scripts/dist-smoke.sh [build-dist.sh arguments, e.g. --profile dev --no-build]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${DIST_SMOKE_PORT:-18377}"; base="http://127.0.0.1:$port"
work="$(mktemp -d)"; pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
# A field of a JSON document (python3 rather than jq: one tool fewer on a fresh machine).
field() { python3 -c 'import json,sys; v=json.loads(sys.argv[1]); [v := v[k] for k in sys.argv[2:]]; print(v)' "$@"; }
fail() { echo "dist-smoke: FAIL: $*" >&2; [[ -f "$work/run/server.log" ]] && tail -n 40 "$work/run/server.log" >&2; exit 1; }

"$ROOT/scripts/build-dist.sh" --out "$work/out" "$@"
tarball="$(ls "$work"/out/practicum-*.tar.gz)"
mkdir -p "$work/opt" "$work/run"
tar -C "$work/opt" -xzf "$tarball"
release="$(ls -d "$work"/opt/practicum-*)"
for f in bin/practicum lib/libonnxruntime.so.1.31.1 models/efficientnet-lite0/manifest.toml .env.example RUNNING.md; do
  [[ -e "$release/$f" ]] || fail "the tarball lacks $f"
done

# Nothing from this shell or the repository: an empty environment, an empty directory.
run() { (cd "$work/run" && env -i PATH=/usr/bin:/bin HOME="$work/run" BIND_ADDR="127.0.0.1:$port" "$@"); }
run "$release/bin/practicum" migrate up >"$work/run/migrate.log" 2>&1 || { cat "$work/run/migrate.log"; fail "migrate up"; }
(cd "$work/run" && exec env -i PATH=/usr/bin:/bin HOME="$work/run" BIND_ADDR="127.0.0.1:$port" \
  PASSWORD_HASH_MEMORY_KIB=8192 "$release/bin/practicum" serve >server.log 2>&1) &
pid=$!

ready=""
for _ in $(seq 1 300); do
  if ready="$(curl -fsS "$base/health/ready" 2>/dev/null)"; then break; fi
  kill -0 "$pid" 2>/dev/null || fail "the server exited"
  sleep 0.2
done
[[ -n "$ready" ]] || fail "/health/ready never answered 200"
echo "ready: $ready"
[[ "$(field "$ready" checks model)" == ok ]] || fail "readiness does not report the model ok: $ready"

models="$(curl -fsS "$base/api/v1/ml/models")"
echo "models: $models"
[[ "$(field "$models" status)" == ready ]] || fail "/api/v1/ml/models is not ready"
grep -q "$release/lib/libonnxruntime" "$work/run/server.log" \
  || fail "ONNX Runtime was not loaded from the release's lib/"

# A real classification through the API.
curl -sS -o "$work/register.json" -w '%{http_code}' -H 'content-type: application/json' \
  -d '{"email":"smoke@example.org","password":"correct-h0rse-battery","full_name":"Dist Smoke"}' "$base/api/v1/auth/register" \
  | grep -q 201 || fail "register: $(cat "$work/register.json")"
login="$(curl -fsS -H 'content-type: application/json' \
  -d '{"email":"smoke@example.org","password":"correct-h0rse-battery"}' "$base/api/v1/auth/login")" || fail "login"
token="$(field "$login" access_token)"
forward="$(curl -fsS -H "authorization: Bearer $token" \
  -F "image=@$ROOT/crates/inference/tests/fixtures/cat.jpg;type=image/jpeg" "$base/api/v1/ml/forward")" \
  || fail "/api/v1/ml/forward"
echo "forward: $(cut -c1-200 <<<"$forward")"
grep -qi "cat" <<<"$forward" || fail "cat.jpg was not classified as a cat"

if grep -q $'\x1b\[' "$work/run/server.log"; then fail "the log file carries terminal colour codes"; fi
[[ -z "$(find "$work/run" -name '*.onnx' -o -name 'libonnxruntime*')" ]] || fail "files leaked into the working directory"
echo "dist-smoke: OK ($(basename "$tarball"), $(du -h "$tarball" | cut -f1))"
