#!/usr/bin/env bash
# Crash proof: learners write (register, enroll, complete lessons, review, and walk the
# adaptive path: diagnostic, content assignment, mini-tests, level exams, rank finals,
# with an admin approving rank transitions) through the API while the server is killed
# with SIGKILL mid-load ROUNDS times and restarted; then every acknowledged (2xx) write
# must be there (as acknowledged: an exam's score and pass) and the database invariants
# must hold.
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
export ADMIN_EMAIL="crash-admin@example.org" ADMIN_PASSWORD="crash-admin-passw0rd-0123"
# The load reads the answer key (and an open attempt's questions after a kill) here.
if [ "$backend" = sqlite ]; then export CRASH_SQLITE="$work/crash.db"; else export CRASH_DB_URL="$url"; fi
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
  "learners with more than one current stage|SELECT COUNT(*) FROM (SELECT user_id FROM stage_progress WHERE status IN ('active', 'pending_approval') GROUP BY user_id HAVING COUNT(*) > 1) d"
  "more than one open attempt per learner, stage and kind|SELECT COUNT(*) FROM (SELECT user_id FROM attempts WHERE status = 'started' GROUP BY user_id, stage_id, kind HAVING COUNT(*) > 1) d"
  "more than one passed attempt per learner, stage and kind|SELECT COUNT(*) FROM (SELECT user_id FROM attempts WHERE passed = TRUE GROUP BY user_id, stage_id, kind HAVING COUNT(*) > 1) d"
  "attempt numbers not 1..n per learner, stage and kind|SELECT COUNT(*) FROM (SELECT user_id FROM attempts GROUP BY user_id, stage_id, kind HAVING MAX(attempt_no) <> COUNT(*)) d"
  "submitted exams without one answer per question|SELECT COUNT(*) FROM attempts a WHERE a.status = 'submitted' AND a.questions_total <> (SELECT COUNT(*) FROM attempt_answers x WHERE x.attempt_id = a.id)"
  "exam grades that disagree with the answers|SELECT COUNT(*) FROM attempts a WHERE a.status = 'submitted' AND a.correct <> (SELECT COUNT(*) FROM attempt_answers x WHERE x.attempt_id = a.id AND x.is_correct = TRUE)"
  "answers recorded on an open attempt|SELECT COUNT(*) FROM attempts a WHERE a.status = 'started' AND a.kind <> 'diagnostic' AND EXISTS (SELECT 1 FROM attempt_answers x WHERE x.attempt_id = a.id)"
  "stages pending approval without exactly one pending request|SELECT COUNT(*) FROM stage_progress p WHERE p.status = 'pending_approval' AND (SELECT COUNT(*) FROM approval_requests r WHERE r.user_id = p.user_id AND r.from_stage_id = p.stage_id AND r.status = 'pending') <> 1"
  "pending requests whose stage is not pending|SELECT COUNT(*) FROM approval_requests r WHERE r.status = 'pending' AND NOT EXISTS (SELECT 1 FROM stage_progress p WHERE p.user_id = r.user_id AND p.stage_id = r.from_stage_id AND p.status = 'pending_approval')"
  "approved transitions whose next stage did not open|SELECT COUNT(*) FROM approval_requests r WHERE r.status = 'approved' AND r.to_stage_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM stage_progress p WHERE p.user_id = r.user_id AND p.stage_id = r.to_stage_id)"
  "stages left behind without a passed exam|SELECT COUNT(*) FROM stage_progress p WHERE p.status <> 'active' AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.user_id = p.user_id AND a.stage_id = p.stage_id AND a.kind IN ('level', 'rank_final') AND a.passed = TRUE)"
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
