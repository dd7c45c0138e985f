ALTER TABLE modules DROP COLUMN description;
