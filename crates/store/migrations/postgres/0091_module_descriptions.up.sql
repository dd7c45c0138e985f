-- A module's description (what it covers), shown in the outline; empty by default.
ALTER TABLE modules ADD COLUMN description TEXT NOT NULL DEFAULT '';
