-- Durable background jobs. A worker claims a due job (queued and run_at reached, or
-- running with an expired lease: its worker crashed) by taking a lease; completion and
-- failure are conditional on still holding it (lease_owner + attempts), so a job is never
-- completed twice. Failures go back to queued with a backoff until max_attempts, then dead.
-- Periodic jobs carry dedupe_key = 'kind:slot', unique, so several processes enqueue each
-- slot once.
CREATE TABLE jobs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT    NOT NULL,
    payload          TEXT    NOT NULL DEFAULT '{}',
    status           TEXT    NOT NULL DEFAULT 'queued',
    attempts         INTEGER NOT NULL DEFAULT 0,
    max_attempts     INTEGER NOT NULL DEFAULT 5,
    run_at           BIGINT  NOT NULL,
    lease_owner      TEXT,
    lease_expires_at BIGINT,
    last_error       TEXT,
    dedupe_key       TEXT,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    finished_at      BIGINT,
    CONSTRAINT jobs_status_check CHECK (status IN ('queued', 'running', 'succeeded', 'dead')),
    CONSTRAINT jobs_attempts_check CHECK (attempts >= 0 AND max_attempts BETWEEN 1 AND 100),
    CONSTRAINT jobs_kind_check CHECK (length(kind) BETWEEN 1 AND 64),
    CONSTRAINT jobs_lease_check CHECK (
        (status = 'running') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL)),
    CONSTRAINT jobs_dedupe_key_key UNIQUE (dedupe_key)
);
CREATE INDEX jobs_due_idx ON jobs (run_at, id) WHERE status = 'queued';
CREATE INDEX jobs_lease_idx ON jobs (lease_expires_at) WHERE status = 'running';
CREATE INDEX jobs_status_kind_idx ON jobs (status, kind, id);
