-- The catalog's three order indexes also carry the category and the price, so that a page
-- filtered by either is read from the index alone: the filter is checked on each index
-- entry instead of on each course row the scan visits (a category page sorted by
-- popularity visited ~300 rows for its 20; measured in docs/PERFORMANCE.md, "Seventh
-- round"). Same orders, same tie-breaks.
DROP INDEX courses_newest_idx;
DROP INDEX courses_rating_idx;
DROP INDEX courses_popularity_idx;
CREATE INDEX courses_newest_idx ON courses
    (status, published_at DESC, id DESC, category_id, price_cents);
CREATE INDEX courses_rating_idx ON courses
    (status, rating_avg DESC, rating_count DESC, id DESC, category_id, price_cents);
CREATE INDEX courses_popularity_idx ON courses
    (status, enrollment_count DESC, rating_avg DESC, id DESC, category_id, price_cents);
