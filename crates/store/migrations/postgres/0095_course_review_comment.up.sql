-- Why staff sent a course back to draft, for its teacher; cleared when it is published,
-- so a public course never carries one.
ALTER TABLE courses ADD COLUMN review_comment TEXT;
