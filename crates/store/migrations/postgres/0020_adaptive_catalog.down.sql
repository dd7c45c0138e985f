DROP TABLE article_questions;
DROP TABLE articles;
DROP TABLE question_options;
DROP TABLE questions;
DROP TABLE modules;
DROP TABLE stages;
DROP TABLE tracks;
