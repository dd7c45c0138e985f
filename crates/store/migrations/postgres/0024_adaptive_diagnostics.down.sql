DROP TABLE diagnostics;
