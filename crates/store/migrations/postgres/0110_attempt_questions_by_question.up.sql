-- The exam draw leaves out the questions a learner was asked before inside its index scan
-- of questions_draw_window_idx: per candidate, "was this question in an attempt of this
-- learner" is a probe of this index (then the attempt by primary key), so a start's cost
-- no longer grows with the learner's seen questions (ADR 0053). It also serves the
-- foreign key attempt_questions -> questions when a question is deleted.
CREATE INDEX attempt_questions_question_idx ON attempt_questions (question_id, attempt_id);
