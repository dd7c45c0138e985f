DROP TABLE attempt_answers;
DROP TABLE attempt_questions;
DROP TABLE attempts;
