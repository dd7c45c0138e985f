DROP TABLE article_questions;
DROP TABLE articles;
DROP TABLE question_options;
DROP TABLE questions;
DROP TABLE track_modules;
DROP TABLE stages;
DROP TABLE tracks;
