DROP TABLE minitest_attempts;
