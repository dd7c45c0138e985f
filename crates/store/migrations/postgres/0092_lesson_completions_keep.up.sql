-- A completed lesson is part of a learner's record: deleting the lesson (or its module)
-- is refused while completions exist (NO ACTION, checked at the end of the statement, so
-- deleting a whole course still takes its completions along through course_id). Authors
-- of a draft delete the completions first, on purpose. The index serves that check and
-- "how many learners completed this".
ALTER TABLE lesson_completions
    DROP CONSTRAINT lesson_completions_lesson_id_fkey,
    ADD CONSTRAINT lesson_completions_lesson_id_fkey FOREIGN KEY (lesson_id) REFERENCES lessons (id);
CREATE INDEX lesson_completions_lesson_idx ON lesson_completions (lesson_id);
