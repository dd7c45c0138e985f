-- Each course as the catalog lists it (the API's JSON of a course in a list), stored so
-- that a catalog page is read, not assembled from five tables per request (ADR 0060).
-- The card leaves out the one figure that changes on every enrolment (enrollment_count):
-- a page reads it from `courses` and writes it between `head` and `tail`. A card is rebuilt by the server after a write (in the
-- background), never by the writing transaction: the triggers below only mark it stale
-- (head NULL) and bump `version`, in the writing transaction; a page shows a stale
-- card's course from its tables, as before. A builder stores a card only if `version`
-- is still the one it read with the course, so a card is never older than its course.
-- `INTEGER PRIMARY KEY`: the course id is the row id, so a page finds each card in one
-- B-tree search (a `BIGINT` key would be a separate index, then the row).
CREATE TABLE course_cards (
    course_id INTEGER PRIMARY KEY REFERENCES courses (id) ON DELETE CASCADE,
    version   BIGINT NOT NULL DEFAULT 0,
    head      TEXT,
    tail      TEXT,
    CONSTRAINT course_cards_whole CHECK ((head IS NULL) = (tail IS NULL))
);
CREATE INDEX course_cards_stale_idx ON course_cards (course_id) WHERE head IS NULL;
INSERT INTO course_cards (course_id) SELECT id FROM courses;

CREATE TRIGGER course_cards_insert AFTER INSERT ON courses BEGIN
    INSERT INTO course_cards (course_id) VALUES (new.id);
END;
-- Only a change of what the card shows: the enrolment count, the lock-taking no-op updates
-- (`SET updated_at = updated_at`, `SET rating_count = rating_count`) and the outline's
-- lesson count leave the card as it is.
CREATE TRIGGER course_cards_course AFTER UPDATE OF slug, title, description, price_cents,
    currency, cover_image_url, difficulty, language, teacher_id, category_id, status,
    published_at, updated_at, review_comment, rating_avg, rating_count ON courses
WHEN new.slug IS NOT old.slug OR new.title IS NOT old.title
    OR new.description IS NOT old.description OR new.price_cents IS NOT old.price_cents
    OR new.currency IS NOT old.currency OR new.cover_image_url IS NOT old.cover_image_url
    OR new.difficulty IS NOT old.difficulty OR new.language IS NOT old.language
    OR new.teacher_id IS NOT old.teacher_id OR new.category_id IS NOT old.category_id
    OR new.status IS NOT old.status OR new.published_at IS NOT old.published_at
    OR new.updated_at IS NOT old.updated_at OR new.review_comment IS NOT old.review_comment
    OR new.rating_avg IS NOT old.rating_avg OR new.rating_count IS NOT old.rating_count
BEGIN
    UPDATE course_cards SET head = NULL, tail = NULL, version = version + 1
        WHERE course_id = new.id;
END;
CREATE TRIGGER course_cards_tag_insert AFTER INSERT ON course_tags BEGIN
    UPDATE course_cards SET head = NULL, tail = NULL, version = version + 1
        WHERE course_id = new.course_id;
END;
CREATE TRIGGER course_cards_tag_delete AFTER DELETE ON course_tags BEGIN
    UPDATE course_cards SET head = NULL, tail = NULL, version = version + 1
        WHERE course_id = old.course_id;
END;
CREATE TRIGGER course_cards_tag_update AFTER UPDATE ON course_tags BEGIN
    UPDATE course_cards SET head = NULL, tail = NULL, version = version + 1
        WHERE course_id IN (old.course_id, new.course_id);
END;
CREATE TRIGGER course_cards_tag_slug AFTER UPDATE OF slug ON tags
WHEN new.slug IS NOT old.slug BEGIN
    UPDATE course_cards SET head = NULL, tail = NULL, version = version + 1
        WHERE course_id IN (SELECT course_id FROM course_tags WHERE tag_id = new.id);
END;
CREATE TRIGGER course_cards_category_slug AFTER UPDATE OF slug ON categories
WHEN new.slug IS NOT old.slug BEGIN
    UPDATE course_cards SET head = NULL, tail = NULL, version = version + 1
        WHERE course_id IN (SELECT id FROM courses WHERE category_id = new.id);
END;
CREATE TRIGGER course_cards_teacher_name AFTER UPDATE OF full_name ON users
WHEN new.full_name IS NOT old.full_name BEGIN
    UPDATE course_cards SET head = NULL, tail = NULL, version = version + 1
        WHERE course_id IN (SELECT id FROM courses WHERE teacher_id = new.id);
END;
CREATE TRIGGER course_cards_profile_insert AFTER INSERT ON profiles BEGIN
    UPDATE course_cards SET head = NULL, tail = NULL, version = version + 1
        WHERE course_id IN (SELECT id FROM courses WHERE teacher_id = new.user_id);
END;
CREATE TRIGGER course_cards_profile_slug AFTER UPDATE OF slug, user_id ON profiles
WHEN new.slug IS NOT old.slug OR new.user_id IS NOT old.user_id BEGIN
    UPDATE course_cards SET head = NULL, tail = NULL, version = version + 1
        WHERE course_id IN (SELECT id FROM courses WHERE teacher_id IN (old.user_id, new.user_id));
END;
CREATE TRIGGER course_cards_profile_delete AFTER DELETE ON profiles BEGIN
    UPDATE course_cards SET head = NULL, tail = NULL, version = version + 1
        WHERE course_id IN (SELECT id FROM courses WHERE teacher_id = old.user_id);
END;
