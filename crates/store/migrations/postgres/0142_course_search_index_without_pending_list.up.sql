-- The course search's GIN index takes new entries at once instead of through its pending
-- list (`fastupdate`, on by default). With a pending list, every search reads the whole
-- list besides the index until a VACUUM or the 4 MB limit merges it: after a bulk import
-- of courses (seed-load's 10,000) the search ran at 685 req/s instead of 1,579 once the
-- list was merged (`docs/PERFORMANCE.md`, sixth round). Courses are written rarely and
-- searched often, so each course write now pays for its own index entries. The list left
-- by earlier writes is merged here.
ALTER INDEX courses_search_vector_idx SET (fastupdate = off);
SELECT gin_clean_pending_list('courses_search_vector_idx');
