ALTER TABLE courses DROP COLUMN review_comment;
