-- The course search's GIN index takes new entries at once instead of through its pending
-- list (`fastupdate`, on by default). With a pending list, every search reads the whole
-- list besides the index until a VACUUM or the 4 MB limit merges it, and the list grows
-- with every enrollment, not only with course edits: an enrollment updates the course's
-- `enrollment_count`, which is indexed (the popularity order), so the new row version
-- gets entries in every index of `courses`, this one included. Measured on the bench's
-- seed (`docs/PERFORMANCE.md`, sixth round): right after seed-load the list held 88 pages
-- and the search ran at 685 req/s, 1,579 once it was merged; after ~20,000 enrollments it
-- held 444 pages, 404 req/s against 908 merged. Enrollments measured no slower without
-- the list (within the run-to-run noise). The list left by earlier writes is merged here.
ALTER INDEX courses_search_vector_idx SET (fastupdate = off);
SELECT gin_clean_pending_list('courses_search_vector_idx');
