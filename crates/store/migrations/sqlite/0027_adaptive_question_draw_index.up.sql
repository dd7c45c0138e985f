-- The exam draw reads a module's questions in "window order" of a draw key that hashes
-- the question id (domain: adaptive::engine::draw_key). This index serves both the
-- capped per-module counts and the window queries without touching the rest of the bank.
-- The expression must stay identical to store::adaptive::bank::DRAW_KEY_SQL.
CREATE INDEX questions_draw_window_idx ON questions (
    stage_id, module_id, is_active,
    (((id % 2147483647) * (id % 2147483647) % 2147483647
      + (id % 2147483647) * 1327217885 % 2147483647) % 2147483647),
    id);
