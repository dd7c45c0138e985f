DROP INDEX questions_draw_window_idx;
