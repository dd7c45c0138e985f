DROP TRIGGER lesson_completions_progress_delete;
DROP TRIGGER lesson_completions_progress_insert;
DROP TRIGGER enrollments_progress_insert;
DROP VIEW enrollment_progress;
ALTER TABLE enrollments DROP COLUMN next_lesson_id;
ALTER TABLE enrollments DROP COLUMN last_completed_at;
ALTER TABLE enrollments DROP COLUMN completed_lessons;
ALTER TABLE courses DROP COLUMN lesson_count;
