DROP INDEX courses_search_idx;
