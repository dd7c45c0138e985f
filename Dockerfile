# syntax=docker/dockerfile:1
# Practicum as a container image. The build stage only runs scripts/build-dist.sh (the
# same self-contained release the tarball ships); the runtime stage is that directory
# on a slim Debian, run as a non-root user.
#
#   docker build -t practicum:local .
#   docker run -p 8000:8000 -e JWT_SECRET=$(openssl rand -hex 32) \
#     -e DATABASE_URL=postgres://… practicum:local            # `migrate up` first, once
#
# Debian bookworm in both stages: the binary and the runtime share one glibc.

FROM rust:1.95-bookworm AS build
# pip fetches the ONNX Runtime wheel (scripts/fetch-onnxruntime.sh).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3-pip \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN scripts/build-dist.sh --out /dist \
 && mv /dist/practicum-*-linux-*/ /dist/practicum

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl libstdc++6 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/practicum --create-home --shell /usr/sbin/nologin practicum
COPY --from=build /dist/practicum /opt/practicum
# The working directory holds what the server writes (a SQLite file, if that is the
# database); the release itself stays read-only and root-owned.
WORKDIR /var/lib/practicum
USER practicum
# MALLOC_MMAP_THRESHOLD_ pins glibc's mmap threshold at its 128 KiB default: glibc
# otherwise raises it (up to 32 MiB) after the first large block is freed, and the
# multi-megabyte buffers ONNX Runtime frees while loading the model then stay resident
# in the heap for good. About 60 MB less resident memory with the model loaded
# (docs/PERFORMANCE.md, "Image classification"); it must be in the process environment
# (glibc reads it before main), a .env file is too late.
# MIMALLOC_PURGE_DELAY=0 and MIMALLOC_ARENA_EAGER_COMMIT=0: the server's own allocator
# (mimalloc, ADR 0068) gives the pages it frees back at once instead of keeping them
# committed; without them it holds about 30 MB more with the model loaded (same reason:
# read before main).
ENV APP_ENV=production \
    BIND_ADDR=0.0.0.0:8000 \
    MALLOC_MMAP_THRESHOLD_=131072 \
    MIMALLOC_PURGE_DELAY=0 \
    MIMALLOC_ARENA_EAGER_COMMIT=0 \
    LOG_FORMAT=json \
    PATH=/opt/practicum/bin:$PATH
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8000/health/live >/dev/null || exit 1
ENTRYPOINT ["practicum"]
CMD ["serve"]
