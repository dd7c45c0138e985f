-- When an administrator erased the account's personal data (GDPR art. 17): the row stays,
-- anonymous, so the learning records that refer to it stay consistent.
ALTER TABLE users ADD COLUMN erased_at BIGINT;
