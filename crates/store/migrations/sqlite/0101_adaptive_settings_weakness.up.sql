-- Settings versions stored before the learner model existed ranked modules by errors:
-- they now say so, so that stages pinned to them draw exactly as before.
UPDATE settings_versions SET settings = json_set(settings, '$.weakness', 'errors')
WHERE json_extract(settings, '$.weakness') IS NULL;
