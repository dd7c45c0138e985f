-- Settings versions stored before the learner model existed ranked modules by errors:
-- they now say so, so that stages pinned to them draw exactly as before.
UPDATE settings_versions
SET settings = (settings::jsonb || '{"weakness": "errors"}'::jsonb)::text
WHERE settings::jsonb -> 'weakness' IS NULL;
