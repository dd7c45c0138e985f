-- Each course as the catalog lists it (the API's JSON of a course in a list), stored so
-- that a catalog page is read, not assembled from five tables per request (ADR 0060).
-- The card leaves out the one figure that changes on every enrolment (enrollment_count):
-- a page reads it from `courses` and writes it between `head` and `tail`. A card is rebuilt by the server after a write (in the
-- background), never by the writing transaction: the triggers below only mark it stale
-- (head NULL) and bump `version`, in the writing transaction; a page shows a stale
-- card's course from its tables, as before. A builder stores a card only if `version`
-- is still the one it read with the course, so a card is never older than its course.
CREATE TABLE course_cards (
    course_id BIGINT PRIMARY KEY REFERENCES courses (id) ON DELETE CASCADE,
    version   BIGINT NOT NULL DEFAULT 0,
    head      TEXT,
    tail      TEXT,
    CONSTRAINT course_cards_whole CHECK ((head IS NULL) = (tail IS NULL))
);
CREATE INDEX course_cards_stale_idx ON course_cards (course_id) WHERE head IS NULL;
INSERT INTO course_cards (course_id) SELECT id FROM courses;

-- Marks the cards of the given courses stale.
CREATE FUNCTION course_cards_stale(p_courses BIGINT[]) RETURNS void LANGUAGE sql AS $$
    UPDATE course_cards SET head = NULL, tail = NULL, version = version + 1
        WHERE course_id = ANY (p_courses);
$$;

CREATE FUNCTION course_cards_course() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO course_cards (course_id) VALUES (NEW.id);
    ELSE
        PERFORM course_cards_stale(ARRAY[NEW.id]);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER course_cards_insert AFTER INSERT ON courses
    FOR EACH ROW EXECUTE FUNCTION course_cards_course();
-- Only a change of what the card shows: the enrolment count, the lock-taking no-op updates
-- and the outline's lesson count leave the card as it is.
CREATE TRIGGER course_cards_course AFTER UPDATE OF slug, title, description, price_cents,
    currency, cover_image_url, difficulty, language, teacher_id, category_id, status,
    published_at, updated_at, review_comment, rating_avg, rating_count ON courses
    FOR EACH ROW WHEN (NEW.slug IS DISTINCT FROM OLD.slug OR NEW.title IS DISTINCT FROM OLD.title
        OR NEW.description IS DISTINCT FROM OLD.description
        OR NEW.price_cents IS DISTINCT FROM OLD.price_cents
        OR NEW.currency IS DISTINCT FROM OLD.currency
        OR NEW.cover_image_url IS DISTINCT FROM OLD.cover_image_url
        OR NEW.difficulty IS DISTINCT FROM OLD.difficulty
        OR NEW.language IS DISTINCT FROM OLD.language
        OR NEW.teacher_id IS DISTINCT FROM OLD.teacher_id
        OR NEW.category_id IS DISTINCT FROM OLD.category_id
        OR NEW.status IS DISTINCT FROM OLD.status
        OR NEW.published_at IS DISTINCT FROM OLD.published_at
        OR NEW.updated_at IS DISTINCT FROM OLD.updated_at
        OR NEW.review_comment IS DISTINCT FROM OLD.review_comment
        OR NEW.rating_avg IS DISTINCT FROM OLD.rating_avg
        OR NEW.rating_count IS DISTINCT FROM OLD.rating_count)
    EXECUTE FUNCTION course_cards_course();

CREATE FUNCTION course_cards_course_tags() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM course_cards_stale(ARRAY[OLD.course_id]);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM course_cards_stale(ARRAY[NEW.course_id]);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER course_cards_course_tags AFTER INSERT OR UPDATE OR DELETE ON course_tags
    FOR EACH ROW EXECUTE FUNCTION course_cards_course_tags();

CREATE FUNCTION course_cards_tag_slug() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM course_cards_stale(ARRAY(SELECT course_id FROM course_tags WHERE tag_id = NEW.id));
    RETURN NULL;
END;
$$;
CREATE TRIGGER course_cards_tag_slug AFTER UPDATE OF slug ON tags
    FOR EACH ROW WHEN (NEW.slug IS DISTINCT FROM OLD.slug)
    EXECUTE FUNCTION course_cards_tag_slug();

CREATE FUNCTION course_cards_category_slug() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM course_cards_stale(ARRAY(SELECT id FROM courses WHERE category_id = NEW.id));
    RETURN NULL;
END;
$$;
CREATE TRIGGER course_cards_category_slug AFTER UPDATE OF slug ON categories
    FOR EACH ROW WHEN (NEW.slug IS DISTINCT FROM OLD.slug)
    EXECUTE FUNCTION course_cards_category_slug();

CREATE FUNCTION course_cards_teacher_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM course_cards_stale(ARRAY(SELECT id FROM courses WHERE teacher_id = NEW.id));
    RETURN NULL;
END;
$$;
CREATE TRIGGER course_cards_teacher_name AFTER UPDATE OF full_name ON users
    FOR EACH ROW WHEN (NEW.full_name IS DISTINCT FROM OLD.full_name)
    EXECUTE FUNCTION course_cards_teacher_name();

-- A teacher's profile slug is on each of their cards (`teacher_slug`).
CREATE FUNCTION course_cards_profile() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM course_cards_stale(ARRAY(SELECT id FROM courses WHERE teacher_id = OLD.user_id));
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.user_id IS DISTINCT FROM OLD.user_id) THEN
        PERFORM course_cards_stale(ARRAY(SELECT id FROM courses WHERE teacher_id = NEW.user_id));
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER course_cards_profile_write AFTER INSERT OR DELETE ON profiles
    FOR EACH ROW EXECUTE FUNCTION course_cards_profile();
CREATE TRIGGER course_cards_profile_slug AFTER UPDATE OF slug, user_id ON profiles
    FOR EACH ROW WHEN (NEW.slug IS DISTINCT FROM OLD.slug OR NEW.user_id IS DISTINCT FROM OLD.user_id)
    EXECUTE FUNCTION course_cards_profile();
