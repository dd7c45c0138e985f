#!/usr/bin/env bash
# Builds a self-contained release of Practicum: a directory and a tarball that run on any
# glibc Linux of the same architecture with nothing else installed.
#
#   dist/practicum-<version>-linux-<arch>/
#     bin/practicum                       the server (release build; the web app is embedded)
#     lib/libonnxruntime.so.<ort>         ONNX Runtime, found beside the binary
#     models/efficientnet-lite0/          the default model, found beside the binary
#     web/                                the web bundle (also embedded; for a CDN or proxy)
#     .env.example  RUNNING.md  BUILD-INFO
#   dist/practicum-<version>-linux-<arch>.tar.gz
#
# usage: scripts/build-dist.sh [--out DIR] [--profile release|dev] [--no-build]
#   --out       where the directory and tarball go (default: dist/ in the repository)
#   --profile   the cargo profile of the binary (default release; dev is for quick checks)
#   --no-build  package the binary already built for that profile
# The ONNX Runtime library is fetched with scripts/fetch-onnxruntime.sh when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

out="$ROOT/dist"; profile="release"; build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --profile) profile="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"; out="$(cd "$out" && pwd)"

version="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' Cargo.toml)"
arch="$(uname -m)"
name="practicum-${version}-linux-${arch}"
target_dir="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$profile" in
  release) bin="$target_dir/release/practicum" ;;
  dev) bin="$target_dir/debug/practicum" ;;
  *) bin="$target_dir/$profile/practicum" ;;
esac

if [[ "$build" == 1 ]]; then
  echo "== building practicum ($profile)"
  cargo build --locked --profile "$profile" -p practicum-server --bin practicum
fi
[[ -x "$bin" ]] || { echo "no binary at $bin (build it, or drop --no-build)" >&2; exit 1; }

echo "== ONNX Runtime"
ort_line="$(scripts/fetch-onnxruntime.sh | tail -n1)"
ort_lib="${ort_line#export ORT_DYLIB_PATH=}"
[[ -f "$ort_lib" ]] || { echo "ONNX Runtime library not found ($ort_line)" >&2; exit 1; }

model="models/efficientnet-lite0"
[[ -f "$model/manifest.toml" ]] || { echo "the default model is missing: $model" >&2; exit 1; }

echo "== assembling $out/$name"
stage="$out/$name"
rm -rf "$stage" "$stage.tar.gz"
mkdir -p "$stage/bin" "$stage/lib" "$stage/models"
install -m 0755 "$bin" "$stage/bin/practicum"
if [[ "$profile" == release ]] && command -v strip >/dev/null 2>&1; then
  strip --strip-debug "$stage/bin/practicum"
fi
install -m 0644 "$ort_lib" "$stage/lib/"
cp -R "$model" "$stage/models/"
if [[ -f web/dist/index.html ]]; then
  cp -R web/dist "$stage/web"
fi
install -m 0644 .env.example "$stage/.env.example"
install -m 0644 deploy/RUNNING.md "$stage/RUNNING.md"
{
  echo "version: $version"
  if commit="$(git rev-parse HEAD 2>/dev/null)"; then
    git diff --quiet HEAD 2>/dev/null || commit="$commit (with uncommitted changes)"
  else
    commit="unknown"
  fi
  echo "commit: $commit"
  echo "profile: $profile"
  echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "onnxruntime: $(basename "$ort_lib")"
  echo "rustc: $(rustc --version 2>/dev/null || echo unknown)"
} > "$stage/BUILD-INFO"

tar -C "$out" -czf "$out/$name.tar.gz" "$name"
echo "== done"
du -sh "$stage" "$out/$name.tar.gz"
echo "$out/$name.tar.gz"
