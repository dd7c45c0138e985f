DROP TABLE lessons;
DROP TABLE modules;
