DROP INDEX course_analytics_daily_day_idx;
DROP INDEX analytics_hourly_hour_idx;
DROP TABLE analytics_hourly;
DROP TABLE analytics_course_totals;
DROP TABLE analytics_watermark;
