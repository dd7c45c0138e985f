-- What kind of call each ML history row records: image_classification (an image
-- upload, whatever its outcome) or json_echo (a `data` field echoed back), as the
-- standalone model service recorded it. Existing rows were image uploads.
ALTER TABLE ml_requests ADD COLUMN request_type TEXT NOT NULL DEFAULT 'image_classification';
