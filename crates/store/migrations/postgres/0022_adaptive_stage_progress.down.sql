DROP TABLE stage_progress;
