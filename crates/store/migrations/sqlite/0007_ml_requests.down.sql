DROP TABLE ml_requests;
