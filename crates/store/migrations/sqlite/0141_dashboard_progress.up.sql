-- The dashboard's figures kept with the rows they describe (ADR 0058), so that
-- `GET /dashboard/my-courses` reads each enrolled course as one row instead of counting the
-- outline and searching it for the next lesson on every request:
--   courses.lesson_count: the course's lessons (rewritten by the store after every outline
--     change, in the same transaction);
--   enrollments.completed_lessons, last_completed_at: the learner's completions in the
--     course (the triggers below, on every completion written or deleted);
--   enrollments.next_lesson_id: the first lesson in outline order the learner has not
--     completed, NULL when none is left (the triggers below, and the store after every
--     outline change).
-- All of them change in the transaction that changes what they are computed from: never a
-- stale figure.
ALTER TABLE courses ADD COLUMN lesson_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE enrollments ADD COLUMN completed_lessons BIGINT NOT NULL DEFAULT 0;
ALTER TABLE enrollments ADD COLUMN last_completed_at BIGINT;
ALTER TABLE enrollments ADD COLUMN next_lesson_id BIGINT;

-- What an enrollment's three figures are, recounted (SQLite has no stored functions: the
-- backfill and the triggers share this view; read by `enrollment_id`, it is one primary
-- key lookup with its sub-selects).
CREATE VIEW enrollment_progress AS
SELECT e.id AS enrollment_id,
    (SELECT COUNT(*) FROM lesson_completions lc
     WHERE lc.user_id = e.user_id AND lc.course_id = e.course_id) AS completed_lessons,
    (SELECT MAX(lc.completed_at) FROM lesson_completions lc
     WHERE lc.user_id = e.user_id AND lc.course_id = e.course_id) AS last_completed_at,
    (SELECT l.id FROM modules m JOIN lessons l ON l.module_id = m.id
     WHERE m.course_id = e.course_id AND NOT EXISTS (
         SELECT 1 FROM lesson_completions lc
         WHERE lc.user_id = e.user_id AND lc.lesson_id = l.id)
     ORDER BY m.position, m.id, l.position, l.id LIMIT 1) AS next_lesson_id
FROM enrollments e;

UPDATE courses SET lesson_count = (
    SELECT COUNT(*) FROM modules m JOIN lessons l ON l.module_id = m.id
    WHERE m.course_id = courses.id);
UPDATE enrollments SET (completed_lessons, last_completed_at, next_lesson_id) = (
    SELECT completed_lessons, last_completed_at, next_lesson_id FROM enrollment_progress
    WHERE enrollment_id = enrollments.id);

-- A new enrollment starts from the completions the learner already has (none, usually).
CREATE TRIGGER enrollments_progress_insert AFTER INSERT ON enrollments BEGIN
    UPDATE enrollments SET (completed_lessons, last_completed_at, next_lesson_id) = (
        SELECT completed_lessons, last_completed_at, next_lesson_id FROM enrollment_progress
        WHERE enrollment_id = new.id)
    WHERE id = new.id;
END;

-- A completion adds one; the next lesson moves on only when it was the one completed
-- (the first lesson not completed stays first when another one is).
CREATE TRIGGER lesson_completions_progress_insert AFTER INSERT ON lesson_completions BEGIN
    UPDATE enrollments SET
        completed_lessons = completed_lessons + 1,
        last_completed_at = MAX(COALESCE(last_completed_at, new.completed_at), new.completed_at),
        next_lesson_id = CASE WHEN next_lesson_id = new.lesson_id THEN (
            SELECT next_lesson_id FROM enrollment_progress
            WHERE enrollment_id = enrollments.id)
        ELSE next_lesson_id END
    WHERE user_id = new.user_id AND course_id = new.course_id;
END;

-- A deleted completion (a draft's content deleted, see the syllabus) recounts.
CREATE TRIGGER lesson_completions_progress_delete AFTER DELETE ON lesson_completions BEGIN
    UPDATE enrollments SET (completed_lessons, last_completed_at, next_lesson_id) = (
        SELECT completed_lessons, last_completed_at, next_lesson_id FROM enrollment_progress
        WHERE enrollment_id = enrollments.id)
    WHERE user_id = old.user_id AND course_id = old.course_id;
END;
