ALTER TABLE module_translations DROP COLUMN description;
