ALTER INDEX courses_search_vector_idx RESET (fastupdate);
