DROP INDEX activity_log_user_time_idx;
DROP TABLE activity_log;
