DROP INDEX review_replies_review_idx;
DROP TABLE review_replies;
DROP INDEX reviews_created_idx;
DROP INDEX reviews_course_created_idx;
DROP TABLE reviews;
