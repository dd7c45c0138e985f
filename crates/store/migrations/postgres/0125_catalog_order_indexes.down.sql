DROP INDEX courses_category_idx;
CREATE INDEX courses_category_idx ON courses (category_id);
DROP INDEX courses_popularity_idx;
DROP INDEX courses_rating_idx;
DROP INDEX courses_newest_idx;
CREATE INDEX courses_status_rating_idx ON courses (status, rating_avg);
CREATE INDEX courses_status_published_idx ON courses (status, published_at DESC);
