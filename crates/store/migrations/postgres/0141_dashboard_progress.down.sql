DROP TRIGGER lesson_completions_progress ON lesson_completions;
DROP FUNCTION lesson_completions_progress();
DROP TRIGGER enrollments_progress_insert ON enrollments;
DROP FUNCTION enrollments_progress_insert();
DROP FUNCTION enrollment_next_lesson(BIGINT, BIGINT);
ALTER TABLE enrollments DROP COLUMN next_lesson_id;
ALTER TABLE enrollments DROP COLUMN last_completed_at;
ALTER TABLE enrollments DROP COLUMN completed_lessons;
ALTER TABLE courses DROP COLUMN lesson_count;
