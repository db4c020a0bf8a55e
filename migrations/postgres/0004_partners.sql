-- Partners: API keys (stored hashed), idempotency of the events they post, and import jobs.
-- Same tables on SQLite: migrations/sqlite/0004_partners.sql.

CREATE TABLE api_key (
    api_key_id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation TEXT NOT NULL,
    label        TEXT NOT NULL,
    -- the key is "psl_<prefix>_<secret>"; the prefix finds the row, the SHA-256 of the whole key checks it
    prefix       TEXT NOT NULL CONSTRAINT api_key_prefix_key UNIQUE,
    key_hash     TEXT NOT NULL,
    -- comma-separated rights: pathways:read, events:write
    scopes       TEXT NOT NULL,
    -- the unit whose people the key may reach; NULL: every unit
    unit_code    TEXT REFERENCES territorial_unit (code),
    created_by   BIGINT REFERENCES staff_account (staff_id),
    created_at   TIMESTAMPTZ NOT NULL,
    revoked_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ
);

-- One row per (key, Idempotency-Key): a retried request gets the stored answer instead of being
-- applied twice. Written in the same transaction as the change.
CREATE TABLE idempotency_key (
    api_key_id      BIGINT NOT NULL REFERENCES api_key (api_key_id),
    idempotency_key TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    status_code     BIGINT NOT NULL,
    response_body   TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    CONSTRAINT idempotency_key_pkey PRIMARY KEY (api_key_id, idempotency_key)
);

-- Imports of the CAF's monthly new-entrant file, run in the background.
CREATE TABLE import_job (
    import_job_id  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_code      TEXT NOT NULL REFERENCES territorial_unit (code),
    created_by     BIGINT REFERENCES staff_account (staff_id),
    file_name      TEXT NOT NULL,
    payload        BYTEA NOT NULL,
    dry_run        BOOLEAN NOT NULL,
    status         TEXT NOT NULL CONSTRAINT import_job_status_check
                   CHECK (status IN ('pending', 'running', 'done', 'failed')),
    total_rows     BIGINT NOT NULL DEFAULT 0,
    processed_rows BIGINT NOT NULL DEFAULT 0,
    inserted       BIGINT NOT NULL DEFAULT 0,
    updated        BIGINT NOT NULL DEFAULT 0,
    unchanged      BIGINT NOT NULL DEFAULT 0,
    -- JSON list of {line, message}, in French
    errors         TEXT NOT NULL DEFAULT '[]',
    message        TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    started_at     TIMESTAMPTZ,
    finished_at    TIMESTAMPTZ
);
CREATE INDEX import_job_status_idx ON import_job (status, import_job_id);
