-- A module's translated description; NULL: the original description is shown.
ALTER TABLE module_translations ADD COLUMN description TEXT;
