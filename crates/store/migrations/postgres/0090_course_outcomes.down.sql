ALTER TABLE course_translations DROP COLUMN what_you_will_learn;
ALTER TABLE course_translations DROP COLUMN requirements;
ALTER TABLE courses DROP COLUMN what_you_will_learn;
ALTER TABLE courses DROP COLUMN requirements;
