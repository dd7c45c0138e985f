-- Full-text search over course titles and descriptions. The expression must match the one
-- in store::catalog::listing for the planner to use the index.
CREATE INDEX courses_search_idx ON courses
    USING GIN (to_tsvector('english', title || ' ' || description));
