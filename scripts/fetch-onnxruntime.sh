#!/usr/bin/env bash
# Fetch the ONNX Runtime shared library that `practicum-inference` loads at run time.
#
# Why: the `ort` crate is built with `load-dynamic`, so nothing is downloaded at build
# time (the build machines have no network besides package registries). The library
# comes from the official `onnxruntime` wheel on PyPI, which needs only glibc and
# libstdc++. Idempotent: does nothing when the library is already in place.
set -euo pipefail

ORT_VERSION="${ORT_VERSION:-1.31.1}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIB_DIR="$ROOT/.ort/lib"
LIB="$LIB_DIR/libonnxruntime.so.$ORT_VERSION"

if [[ -f "$LIB" ]]; then
    echo "ONNX Runtime $ORT_VERSION already present."
else
    PIP="${PIP:-$(command -v pip3 || command -v pip || true)}"
    if [[ -z "$PIP" ]]; then
        echo "error: pip (or pip3) is needed to download the onnxruntime wheel" >&2
        exit 1
    fi
    TMP="$(mktemp -d)"
    trap 'rm -rf "$TMP"' EXIT
    echo "Downloading onnxruntime==$ORT_VERSION wheel ..."
    "$PIP" download "onnxruntime==$ORT_VERSION" --no-deps --only-binary=:all: -d "$TMP" -q
    WHEEL="$(ls "$TMP"/onnxruntime-*.whl | head -n1)"
    mkdir -p "$LIB_DIR"
    # A wheel is a zip file; python is always there when pip is, unzip may not be.
    python3 - "$WHEEL" "$LIB_DIR" "$ORT_VERSION" <<'PY'
import shutil, sys, zipfile
wheel, out, version = sys.argv[1:]
member = f"onnxruntime/capi/libonnxruntime.so.{version}"
with zipfile.ZipFile(wheel) as z, z.open(member) as src, open(f"{out}/libonnxruntime.so.{version}.part", "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
    mv "$LIB.part" "$LIB"
    echo "Installed $LIB"
fi

echo "export ORT_DYLIB_PATH=$LIB"
