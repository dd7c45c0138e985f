-- Before the rule existed every version broke ties by module order, and the settings
-- document had no such field.
UPDATE settings_versions SET settings = (settings::jsonb - 'tie_break')::text;
