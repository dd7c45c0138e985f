DROP TABLE achievements;
DROP TABLE profile_specializations;
DROP TABLE specializations;
