ALTER TABLE attempts DROP COLUMN draw_reasons;
ALTER TABLE content_assignments DROP COLUMN reason;
DROP TABLE review_cards;
DROP TABLE question_calibrations;
DROP TABLE item_responses;
DROP TABLE mastery_estimates;
