DROP INDEX analytics_events_occurred_idx;
DROP INDEX analytics_events_user_idx;
DROP INDEX analytics_events_course_idx;
DROP TABLE analytics_events;
