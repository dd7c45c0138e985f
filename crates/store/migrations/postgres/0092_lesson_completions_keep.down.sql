DROP INDEX lesson_completions_lesson_idx;
ALTER TABLE lesson_completions
    DROP CONSTRAINT lesson_completions_lesson_id_fkey,
    ADD CONSTRAINT lesson_completions_lesson_id_fkey FOREIGN KEY (lesson_id)
        REFERENCES lessons (id) ON DELETE CASCADE;
