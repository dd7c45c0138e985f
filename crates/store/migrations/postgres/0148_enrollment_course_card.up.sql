-- What the dashboard shows of each enrolled course kept on the enrollment row (ADR 0069),
-- so that `GET /dashboard/my-courses` reads one table: the course's slug, title, cover and
-- lesson count, and the title of the learner's next lesson, copied from `courses` and
-- `lessons` by the triggers below in the transaction that changes the original, never
-- later: the copies are never stale.
--   course_slug: a course's slug never changes; copied when the learner enrols.
--   course_title, course_cover_image_url, course_lesson_count: copied when the learner
--     enrols, and again on every enrollment of the course when the course's change them.
--   next_lesson_title: the title of next_lesson_id (migration 0141), set whenever that
--     moves, and again when the lesson is renamed.
ALTER TABLE enrollments ADD COLUMN course_slug TEXT NOT NULL DEFAULT '';
ALTER TABLE enrollments ADD COLUMN course_title TEXT NOT NULL DEFAULT '';
ALTER TABLE enrollments ADD COLUMN course_cover_image_url TEXT;
ALTER TABLE enrollments ADD COLUMN course_lesson_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE enrollments ADD COLUMN next_lesson_title TEXT;

UPDATE enrollments e SET course_slug = c.slug, course_title = c.title,
    course_cover_image_url = c.cover_image_url, course_lesson_count = c.lesson_count
    FROM courses c WHERE c.id = e.course_id;
UPDATE enrollments e SET next_lesson_title = l.title
    FROM lessons l WHERE l.id = e.next_lesson_id;

-- A new enrollment (migration 0141's function, now copying the course too). The course is
-- locked FOR KEY SHARE first, as before (and as the foreign key's check does), and read
-- after: a change of the course's title or cover takes the course FOR UPDATE before it
-- writes (the store's `lock_course_outline`, like every outline change), so one in
-- progress commits before the course is read here, and one that starts later waits for
-- this enrollment and then sees it. (Locking the course FOR NO KEY UPDATE here instead
-- deadlocked two enrolments in one course under load: the statement's own update of the
-- enrolment count, on its older snapshot, then queued behind the other's tuple lock.)
CREATE OR REPLACE FUNCTION enrollments_progress_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM courses WHERE id = NEW.course_id FOR KEY SHARE;
    SELECT slug, title, cover_image_url, lesson_count
        INTO NEW.course_slug, NEW.course_title, NEW.course_cover_image_url,
             NEW.course_lesson_count
        FROM courses WHERE id = NEW.course_id;
    SELECT COUNT(*), MAX(completed_at) INTO NEW.completed_lessons, NEW.last_completed_at
        FROM lesson_completions WHERE user_id = NEW.user_id AND course_id = NEW.course_id;
    NEW.next_lesson_id := enrollment_next_lesson(NEW.user_id, NEW.course_id);
    NEW.next_lesson_title := (SELECT title FROM lessons WHERE id = NEW.next_lesson_id);
    RETURN NEW;
END;
$$;

-- A completion written (migration 0141's function, now with the next lesson's title: the
-- enrollment row is read as it is locked, and the title looked up only when the next
-- lesson moves, which the trigger below then leaves alone).
CREATE OR REPLACE FUNCTION lesson_completions_progress() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r lesson_completions%ROWTYPE;
    v_next BIGINT;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    SELECT next_lesson_id INTO v_next FROM enrollments
        WHERE user_id = r.user_id AND course_id = r.course_id FOR NO KEY UPDATE;
    IF TG_OP = 'INSERT' THEN
        IF v_next = r.lesson_id THEN
            v_next := enrollment_next_lesson(r.user_id, r.course_id);
            UPDATE enrollments SET
                completed_lessons = completed_lessons + 1,
                last_completed_at = GREATEST(last_completed_at, r.completed_at),
                next_lesson_id = v_next,
                next_lesson_title = (SELECT title FROM lessons WHERE id = v_next)
            WHERE user_id = r.user_id AND course_id = r.course_id;
        ELSE
            UPDATE enrollments SET
                completed_lessons = completed_lessons + 1,
                last_completed_at = GREATEST(last_completed_at, r.completed_at)
            WHERE user_id = r.user_id AND course_id = r.course_id;
        END IF;
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

-- Any other move of the next lesson (a deleted completion, an outline change): its title
-- comes along. A writer that sets the title itself (above) is left alone; a title left as
-- it was is looked up (it is the right one only when both lessons share their title, and
-- then the lookup finds the same). The lesson cannot be renamed meanwhile: a rename locks
-- the course FOR UPDATE (below), which a completion's foreign key and an outline change's
-- own lock wait for.
CREATE FUNCTION enrollments_next_lesson_title() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.next_lesson_title := (SELECT title FROM lessons WHERE id = NEW.next_lesson_id);
    RETURN NEW;
END;
$$;
CREATE TRIGGER enrollments_next_lesson_title BEFORE UPDATE OF next_lesson_id ON enrollments
    FOR EACH ROW WHEN (NEW.next_lesson_id IS DISTINCT FROM OLD.next_lesson_id
        AND NEW.next_lesson_title IS NOT DISTINCT FROM OLD.next_lesson_title)
    EXECUTE FUNCTION enrollments_next_lesson_title();

-- The course's title, cover or lesson count changed: every enrollment's copy follows.
-- Its writers hold the course FOR UPDATE from before the change until they commit (the
-- store's `lock_course_outline`), so an enrolment either committed before (and is updated
-- here) or reads the course after this transaction commits (its trigger above waits).
CREATE FUNCTION enrollments_course_card() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE enrollments SET course_title = NEW.title,
        course_cover_image_url = NEW.cover_image_url, course_lesson_count = NEW.lesson_count
        WHERE course_id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER enrollments_course_card AFTER UPDATE OF title, cover_image_url, lesson_count
    ON courses FOR EACH ROW WHEN (NEW.title IS DISTINCT FROM OLD.title
        OR NEW.cover_image_url IS DISTINCT FROM OLD.cover_image_url
        OR NEW.lesson_count IS DISTINCT FROM OLD.lesson_count)
    EXECUTE FUNCTION enrollments_course_card();

-- A lesson was renamed: the enrollments whose next lesson it is follow. The course is
-- locked FOR UPDATE first, so that a completion in progress in the course (its foreign
-- key holds the course FOR KEY SHARE) commits before the enrollments are read, and one
-- that starts later reads the new title.
CREATE FUNCTION enrollments_lesson_title() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_course BIGINT;
BEGIN
    SELECT course_id INTO v_course FROM modules WHERE id = NEW.module_id;
    PERFORM 1 FROM courses WHERE id = v_course FOR UPDATE;
    UPDATE enrollments SET next_lesson_title = NEW.title
        WHERE course_id = v_course AND next_lesson_id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER enrollments_lesson_title AFTER UPDATE OF title ON lessons
    FOR EACH ROW WHEN (NEW.title IS DISTINCT FROM OLD.title)
    EXECUTE FUNCTION enrollments_lesson_title();
