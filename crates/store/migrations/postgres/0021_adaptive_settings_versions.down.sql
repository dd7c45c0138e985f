DROP TABLE settings_versions;
