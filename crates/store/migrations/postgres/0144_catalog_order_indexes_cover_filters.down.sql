DROP INDEX courses_newest_idx;
DROP INDEX courses_rating_idx;
DROP INDEX courses_popularity_idx;
CREATE INDEX courses_newest_idx ON courses (status, published_at DESC, id DESC);
CREATE INDEX courses_rating_idx ON courses (status, rating_avg DESC, rating_count DESC, id DESC);
CREATE INDEX courses_popularity_idx ON courses (status, enrollment_count DESC, rating_avg DESC, id DESC);
