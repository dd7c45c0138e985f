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
-- All of them change in the transaction that changes what they are computed from, and
-- every writer takes its lock before it reads (see the functions): never a stale figure.
ALTER TABLE courses ADD COLUMN lesson_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE enrollments ADD COLUMN completed_lessons BIGINT NOT NULL DEFAULT 0;
ALTER TABLE enrollments ADD COLUMN last_completed_at BIGINT;
ALTER TABLE enrollments ADD COLUMN next_lesson_id BIGINT;

-- The first lesson of the course, in outline order, the learner has not completed.
-- PL/pgSQL, not SQL: a SQL function called from a trigger is planned again on every call
-- (PostgreSQL 15), PL/pgSQL keeps its plan for the session.
CREATE FUNCTION enrollment_next_lesson(p_user BIGINT, p_course BIGINT) RETURNS BIGINT
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT l.id FROM modules m JOIN lessons l ON l.module_id = m.id
        WHERE m.course_id = p_course AND NOT EXISTS (
            SELECT 1 FROM lesson_completions lc
            WHERE lc.user_id = p_user AND lc.lesson_id = l.id)
        ORDER BY m.position, m.id, l.position, l.id LIMIT 1);
END;
$$;

UPDATE courses SET lesson_count = (
    SELECT COUNT(*) FROM modules m JOIN lessons l ON l.module_id = m.id
    WHERE m.course_id = courses.id);
UPDATE enrollments e SET
    completed_lessons = d.n, last_completed_at = d.last_at
    FROM (SELECT user_id, course_id, COUNT(*) AS n, MAX(completed_at) AS last_at
          FROM lesson_completions GROUP BY user_id, course_id) d
    WHERE d.user_id = e.user_id AND d.course_id = e.course_id;
UPDATE enrollments SET next_lesson_id = enrollment_next_lesson(user_id, course_id);

-- A new enrollment starts from the completions the learner already has (none, usually).
-- The course is locked first (KEY SHARE, as the foreign key's check does): an outline
-- change in progress (the store locks the course FOR UPDATE) commits before the outline
-- is read here, and one that starts later waits for this enrollment and then sees it.
CREATE FUNCTION enrollments_progress_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM courses WHERE id = NEW.course_id FOR KEY SHARE;
    SELECT COUNT(*), MAX(completed_at) INTO NEW.completed_lessons, NEW.last_completed_at
        FROM lesson_completions WHERE user_id = NEW.user_id AND course_id = NEW.course_id;
    NEW.next_lesson_id := enrollment_next_lesson(NEW.user_id, NEW.course_id);
    RETURN NEW;
END;
$$;
CREATE TRIGGER enrollments_progress_insert BEFORE INSERT ON enrollments
    FOR EACH ROW EXECUTE FUNCTION enrollments_progress_insert();

-- A completion adds one; the next lesson moves on only when it was the one completed
-- (the first lesson not completed stays first when another one is); a deleted completion
-- (a draft's content deleted, see the syllabus) recounts. The enrollment row is locked
-- before anything is read, so that two completions of one course by one learner at once
-- see each other (the second one's statements start after the first has committed).
CREATE FUNCTION lesson_completions_progress() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r lesson_completions%ROWTYPE;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    PERFORM 1 FROM enrollments WHERE user_id = r.user_id AND course_id = r.course_id
        FOR NO KEY UPDATE;
    IF TG_OP = 'INSERT' THEN
        UPDATE enrollments SET
            completed_lessons = completed_lessons + 1,
            last_completed_at = GREATEST(last_completed_at, r.completed_at),
            next_lesson_id = CASE WHEN next_lesson_id = r.lesson_id
                THEN enrollment_next_lesson(r.user_id, r.course_id) ELSE next_lesson_id END
        WHERE user_id = r.user_id AND course_id = r.course_id;
    ELSE
        UPDATE enrollments SET
            (completed_lessons, last_completed_at) = (
                SELECT COUNT(*), MAX(completed_at) FROM lesson_completions
                WHERE user_id = r.user_id AND course_id = r.course_id),
            next_lesson_id = enrollment_next_lesson(r.user_id, r.course_id)
        WHERE user_id = r.user_id AND course_id = r.course_id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER lesson_completions_progress AFTER INSERT OR DELETE ON lesson_completions
    FOR EACH ROW EXECUTE FUNCTION lesson_completions_progress();
