DROP TABLE review_reports;
