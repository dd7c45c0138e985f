-- What the dashboard shows of each enrolled course kept on the enrollment row (ADR 0069),
-- so that `GET /dashboard/my-courses` reads one table: the course's slug, title, cover and
-- lesson count, and the title of the learner's next lesson, copied from `courses` and
-- `lessons` by the triggers below in the transaction that changes the original, never
-- later: the copies are never stale (SQLite's one writer orders every change).
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

UPDATE enrollments SET (course_slug, course_title, course_cover_image_url, course_lesson_count) = (
    SELECT slug, title, cover_image_url, lesson_count FROM courses
    WHERE courses.id = enrollments.course_id);
UPDATE enrollments SET next_lesson_title = (
    SELECT title FROM lessons WHERE lessons.id = enrollments.next_lesson_id);

-- The next lesson moved (a new enrollment, a completion, an outline change): its title
-- comes along, by its primary key. Not in the moving statement itself: there the next
-- lesson is a sub-select of the view `enrollment_progress` (migration 0141), which SQLite
-- would evaluate again for every other use of it — the outline's search, twice. A writer
-- that sets the title itself is left alone; a title left as it was is looked up (it is the
-- right one only when both lessons share their title, and then the lookup finds the same).
CREATE TRIGGER enrollments_next_lesson_title AFTER UPDATE OF next_lesson_id ON enrollments
    WHEN new.next_lesson_id IS NOT old.next_lesson_id
        AND new.next_lesson_title IS old.next_lesson_title BEGIN
    UPDATE enrollments SET next_lesson_title = (
        SELECT title FROM lessons WHERE id = new.next_lesson_id)
    WHERE id = new.id;
END;

-- A new enrollment (migration 0141's trigger, now copying the course too).
DROP TRIGGER enrollments_progress_insert;
CREATE TRIGGER enrollments_progress_insert AFTER INSERT ON enrollments BEGIN
    UPDATE enrollments SET (completed_lessons, last_completed_at, next_lesson_id,
        course_slug, course_title, course_cover_image_url, course_lesson_count) = (
        SELECT p.completed_lessons, p.last_completed_at, p.next_lesson_id, c.slug, c.title,
            c.cover_image_url, c.lesson_count
        FROM enrollment_progress p JOIN courses c ON c.id = new.course_id
        WHERE p.enrollment_id = new.id)
    WHERE id = new.id;
END;

-- The course's title, cover or lesson count changed: every enrollment's copy follows.
CREATE TRIGGER enrollments_course_card AFTER UPDATE OF title, cover_image_url, lesson_count
    ON courses WHEN new.title IS NOT old.title
        OR new.cover_image_url IS NOT old.cover_image_url
        OR new.lesson_count IS NOT old.lesson_count BEGIN
    UPDATE enrollments SET course_title = new.title,
        course_cover_image_url = new.cover_image_url, course_lesson_count = new.lesson_count
    WHERE course_id = new.id;
END;

-- A lesson was renamed: the enrollments whose next lesson it is follow.
CREATE TRIGGER enrollments_lesson_title AFTER UPDATE OF title ON lessons
    WHEN new.title IS NOT old.title BEGIN
    UPDATE enrollments SET next_lesson_title = new.title
    WHERE course_id = (SELECT course_id FROM modules WHERE id = new.module_id)
        AND next_lesson_id = new.id;
END;
