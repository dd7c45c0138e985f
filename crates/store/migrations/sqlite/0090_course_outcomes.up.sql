-- What a course asks of learners beforehand and what they will be able to do after it:
-- JSON lists of one-line items (validated by the domain), translatable like the other
-- course texts. In a translation, NULL means "not translated": the course's own list shows.
ALTER TABLE courses ADD COLUMN requirements TEXT NOT NULL DEFAULT '[]';
ALTER TABLE courses ADD COLUMN what_you_will_learn TEXT NOT NULL DEFAULT '[]';
ALTER TABLE course_translations ADD COLUMN requirements TEXT;
ALTER TABLE course_translations ADD COLUMN what_you_will_learn TEXT;
