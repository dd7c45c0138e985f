DROP INDEX course_tags_newest_idx;
CREATE INDEX course_tags_tag_idx ON course_tags (tag_id, course_id);
DROP TRIGGER course_cards_course_tags ON course_tags;
CREATE TRIGGER course_cards_course_tags AFTER INSERT OR UPDATE OR DELETE ON course_tags
    FOR EACH ROW EXECUTE FUNCTION course_cards_course_tags();
DROP TRIGGER course_tags_counts ON course_tags;
CREATE TRIGGER course_tags_counts AFTER INSERT OR UPDATE OR DELETE ON course_tags
    FOR EACH ROW EXECUTE FUNCTION course_tags_counts();
DROP TRIGGER course_tags_listing_course ON courses;
DROP FUNCTION course_tags_listing_course();
DROP TRIGGER course_tags_listing_link ON course_tags;
DROP FUNCTION course_tags_listing_link();
ALTER TABLE course_tags DROP COLUMN price_cents, DROP COLUMN published_at, DROP COLUMN status;
