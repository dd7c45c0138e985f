DROP TABLE course_analytics_daily;
DROP INDEX course_analytics_trending_idx;
DROP TABLE course_analytics;
