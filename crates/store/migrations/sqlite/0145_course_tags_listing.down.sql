DROP INDEX course_tags_newest_idx;
CREATE INDEX course_tags_tag_idx ON course_tags (tag_id, course_id);
DROP TRIGGER course_cards_tag_update;
CREATE TRIGGER course_cards_tag_update AFTER UPDATE ON course_tags BEGIN
    UPDATE course_cards SET head = NULL, tail = NULL, version = version + 1
        WHERE course_id IN (old.course_id, new.course_id);
END;
DROP TRIGGER course_tags_counts_update;
CREATE TRIGGER course_tags_counts_update AFTER UPDATE ON course_tags BEGIN
    UPDATE catalog_counts SET published = published - 1
        WHERE scope = 'tag' AND scope_id = old.tag_id
          AND EXISTS (SELECT 1 FROM courses WHERE id = old.course_id AND status = 'published');
    INSERT INTO catalog_counts (scope, scope_id, published)
        SELECT 'tag', new.tag_id, 1
        WHERE EXISTS (SELECT 1 FROM courses WHERE id = new.course_id AND status = 'published')
        ON CONFLICT (scope, scope_id) DO UPDATE SET published = published + 1;
END;
DROP TRIGGER course_tags_listing_course;
DROP TRIGGER course_tags_listing_insert;
ALTER TABLE course_tags DROP COLUMN price_cents;
ALTER TABLE course_tags DROP COLUMN published_at;
ALTER TABLE course_tags DROP COLUMN status;
