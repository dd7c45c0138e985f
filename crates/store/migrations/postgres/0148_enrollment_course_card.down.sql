DROP TRIGGER enrollments_lesson_title ON lessons;
DROP FUNCTION enrollments_lesson_title();
DROP TRIGGER enrollments_course_card ON courses;
DROP FUNCTION enrollments_course_card();
DROP TRIGGER enrollments_next_lesson_title ON enrollments;
DROP FUNCTION enrollments_next_lesson_title();
-- Migration 0141's function.
CREATE OR REPLACE FUNCTION enrollments_progress_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM courses WHERE id = NEW.course_id FOR KEY SHARE;
    SELECT COUNT(*), MAX(completed_at) INTO NEW.completed_lessons, NEW.last_completed_at
        FROM lesson_completions WHERE user_id = NEW.user_id AND course_id = NEW.course_id;
    NEW.next_lesson_id := enrollment_next_lesson(NEW.user_id, NEW.course_id);
    RETURN NEW;
END;
$$;
-- Migration 0141's function.
CREATE OR REPLACE FUNCTION lesson_completions_progress() RETURNS trigger LANGUAGE plpgsql AS $$
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
ALTER TABLE enrollments DROP COLUMN next_lesson_title;
ALTER TABLE enrollments DROP COLUMN course_lesson_count;
ALTER TABLE enrollments DROP COLUMN course_cover_image_url;
ALTER TABLE enrollments DROP COLUMN course_title;
ALTER TABLE enrollments DROP COLUMN course_slug;
