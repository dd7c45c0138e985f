-- The trending decay factor per whole hour of age, 2^(-age/half-life), rewritten by every
-- analytics refresh from the constants in code. A keyed table rather than EXP()/POWER():
-- SQLite (as bundled) has neither, and an indexed lookup keeps the join linear.
CREATE TABLE analytics_decay (
    age    BIGINT NOT NULL PRIMARY KEY,
    factor REAL NOT NULL
);
