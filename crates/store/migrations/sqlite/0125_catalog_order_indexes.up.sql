-- The catalog's three orders, each ending in its tie-break (id), so that a page is read
-- in order from an index instead of sorting every published course; `OFFSET` steps over
-- index entries. They replace the two shorter indexes they extend.
DROP INDEX courses_status_published_idx;
DROP INDEX courses_status_rating_idx;
CREATE INDEX courses_newest_idx ON courses (status, published_at DESC, id DESC);
CREATE INDEX courses_rating_idx ON courses (status, rating_avg DESC, rating_count DESC, id DESC);
CREATE INDEX courses_popularity_idx ON courses (status, enrollment_count DESC, rating_avg DESC, id DESC);
-- A category's published courses without reading the rows.
DROP INDEX courses_category_idx;
CREATE INDEX courses_category_idx ON courses (category_id, status);
