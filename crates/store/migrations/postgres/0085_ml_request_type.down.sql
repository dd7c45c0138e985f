ALTER TABLE ml_requests DROP COLUMN request_type;
