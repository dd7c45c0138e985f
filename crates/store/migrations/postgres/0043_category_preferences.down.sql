DROP TABLE category_preferences;
