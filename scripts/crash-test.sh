#!/usr/bin/env bash
# Crash proof: learners write (register, enroll, complete lessons, review, submit the
# diagnostic) through the API while the server is killed with SIGKILL mid-load ROUNDS
# times and restarted; then every acknowledged (2xx) write must be there and the
# database invariants must hold.
# usage: scripts/crash-test.sh [sqlite|postgres] [rounds, default 3] [seconds per round, default 8] [learners, default 24]
# Uses target/{release,debug}/practicum (BIN= to choose; built if missing). Python 3 stdlib.
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${1:-sqlite}"; rounds="${2:-3}"; secs="${3:-8}"; users="${4:-24}"
port="${CRASH_PORT:-18299}"; base="http://127.0.0.1:$port"
BIN="${BIN:-}"
if [ -z "$BIN" ]; then
  for b in "${CARGO_TARGET_DIR:-target}/release/practicum" "${CARGO_TARGET_DIR:-target}/debug/practicum"; do
    [ -x "$b" ] && BIN="$b" && break
  done
  [ -n "$BIN" ] || { cargo build -q -p practicum-server --locked; BIN="${CARGO_TARGET_DIR:-target}/debug/practicum"; }
fi
work=$(mktemp -d); pid=""; db=""
admin="${PRACTICUM_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  [ -n "$db" ] && psql "$admin" -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$work"
}
trap cleanup EXIT
case "$backend" in
  sqlite) url="sqlite:$work/crash.db?mode=rwc" ;;
  postgres) db="practicum_crash_$$"; psql "$admin" -q -c "CREATE DATABASE $db"; url="${admin%/*}/$db" ;;
  *) echo "backend must be sqlite or postgres"; exit 2 ;;
esac
export DATABASE_URL="$url" BIND_ADDR="127.0.0.1:$port" LOG_LEVEL=error AUTH_RATE_LIMIT_PER_MINUTE=0
export JWT_SECRET="crash-secret-0123456789abcdef0123456789" JOBS_WORKERS=1 CACHE_ENABLED=true
export PASSWORD_HASH_MEMORY_KIB=8192 PASSWORD_HASH_ITERATIONS=1 MODEL_DIR="$work/no-model"
"$BIN" demo --no-serve >/dev/null
start() {
  "$BIN" serve >>"$work/server.log" 2>&1 & pid=$!
  for _ in $(seq 1 100); do curl -fs "$base/health/live" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "server did not start"; cat "$work/server.log"; exit 1
}
ledger="$work/ledger.jsonl"
start
python3 scripts/crash/load.py write "$base" "$ledger" "$users" "$((rounds * secs + secs))" > "$work/load.out" &
load=$!
for r in $(seq 1 "$rounds"); do
  sleep "$secs"
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true
  echo "round $r: SIGKILL after ${secs}s with $(wc -l <"$ledger") writes acknowledged so far"
  start
done
wait "$load" || { echo "the load saw 5xx answers:"; cat "$work/load.out"; exit 1; }
echo "load: $(cat "$work/load.out")"
# Restart once more so verification reads what a fresh process sees.
kill -9 "$pid"; wait "$pid" 2>/dev/null || true; start
python3 scripts/crash/load.py verify "$base" "$ledger"
# Invariants, in SQL on the database itself.
checks=(
  "duplicate enrollments|SELECT COUNT(*) FROM (SELECT user_id, course_id FROM enrollments GROUP BY user_id, course_id HAVING COUNT(*) > 1) d"
  "completions without enrollment|SELECT COUNT(*) FROM lesson_completions c WHERE NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.user_id = c.user_id AND e.course_id = c.course_id)"
  "completions of another course's lesson|SELECT COUNT(*) FROM lesson_completions c JOIN lessons l ON l.id = c.lesson_id JOIN modules m ON m.id = l.module_id WHERE m.course_id <> c.course_id"
  "duplicate reviews|SELECT COUNT(*) FROM (SELECT user_id, course_id FROM reviews GROUP BY user_id, course_id HAVING COUNT(*) > 1) d"
  "reviews without enrollment|SELECT COUNT(*) FROM reviews r WHERE NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.user_id = r.user_id AND e.course_id = r.course_id)"
  "rating counts that disagree with the reviews|SELECT COUNT(*) FROM courses c WHERE c.rating_count <> (SELECT COUNT(*) FROM reviews r WHERE r.course_id = c.id AND r.hidden_at IS NULL)"
  "open diagnostic attempts beside a submitted one|SELECT COUNT(*) FROM (SELECT user_id FROM attempts WHERE kind = 'diagnostic' GROUP BY user_id HAVING COUNT(*) > 1) d"
)
failed=0
for c in "${checks[@]}"; do
  name="${c%%|*}"; sql="${c#*|}"
  if [ "$backend" = sqlite ]; then
    n=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$work/crash.db" "$sql")
  else
    n=$(psql "$url" -tAq -c "$sql")
  fi
  echo "invariant: $name: $n"
  [ "$n" = 0 ] || failed=1
done
[ "$failed" = 0 ] || { echo "CRASH TEST FAILED: an invariant is broken"; exit 1; }
echo "crash test passed ($backend, $rounds SIGKILL rounds)"
