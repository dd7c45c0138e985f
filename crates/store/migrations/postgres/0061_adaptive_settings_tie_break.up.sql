-- Settings versions stored before the weakness tie-break rule existed broke ties between
-- equally weak modules by module order: they now say so, so that stages pinned to them
-- behave exactly as before. New versions name their own rule (the fair one by default).
UPDATE settings_versions
SET settings = (settings::jsonb || '{"tie_break": "module_order"}'::jsonb)::text
WHERE settings::jsonb -> 'tie_break' IS NULL;
