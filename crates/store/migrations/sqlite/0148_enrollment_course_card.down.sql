DROP TRIGGER enrollments_lesson_title;
DROP TRIGGER enrollments_course_card;
DROP TRIGGER enrollments_progress_insert;
DROP TRIGGER enrollments_next_lesson_title;
-- Migration 0141's trigger.
CREATE TRIGGER enrollments_progress_insert AFTER INSERT ON enrollments BEGIN
    UPDATE enrollments SET (completed_lessons, last_completed_at, next_lesson_id) = (
        SELECT completed_lessons, last_completed_at, next_lesson_id FROM enrollment_progress
        WHERE enrollment_id = new.id)
    WHERE id = new.id;
END;
ALTER TABLE enrollments DROP COLUMN next_lesson_title;
ALTER TABLE enrollments DROP COLUMN course_lesson_count;
ALTER TABLE enrollments DROP COLUMN course_cover_image_url;
ALTER TABLE enrollments DROP COLUMN course_title;
ALTER TABLE enrollments DROP COLUMN course_slug;
