-- Before the rule existed every version broke ties by module order, and the settings
-- document had no such field.
UPDATE settings_versions SET settings = json_remove(settings, '$.tie_break');
