-- Before the learner model the settings document had none of these fields.
UPDATE settings_versions SET settings = json_remove(settings, '$.weakness', '$.diagnostic_mode',
    '$.diagnostic_max_questions', '$.diagnostic_confidence_pct');
