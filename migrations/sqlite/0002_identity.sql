-- Accounts, sign-in codes, the message outbox, the audit trail and rate limits.
-- Same tables on PostgreSQL: migrations/postgres/0002_identity.sql. Timestamps are written by the
-- application (UTC, whole seconds), never by SQL defaults, so both engines compare them the same way.

CREATE TABLE staff_account (
    staff_id      INTEGER PRIMARY KEY AUTOINCREMENT,
    -- lower-cased by the application
    email         TEXT NOT NULL CONSTRAINT staff_account_email_key UNIQUE,
    full_name     TEXT NOT NULL,
    role          TEXT NOT NULL CONSTRAINT staff_account_role_check
                  CHECK (role IN ('agent', 'charge_orientation', 'manager', 'admin')),
    unit_code     TEXT REFERENCES territorial_unit (code),
    -- argon2id, PHC string format
    password_hash TEXT NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMP NOT NULL,
    CONSTRAINT staff_account_unit_check CHECK (role = 'admin' OR unit_code IS NOT NULL)
);

-- A person receiving the RSA, as the CAF's monthly file and the orientation officers know them.
CREATE TABLE beneficiary (
    beneficiary_id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- numéro allocataire (CAF file number), digits only
    file_number    TEXT NOT NULL CONSTRAINT beneficiary_file_number_key UNIQUE,
    first_name     TEXT NOT NULL,
    last_name      TEXT NOT NULL,
    -- "last first file_number" folded by text::search_key, for accent-insensitive search
    search_key     TEXT NOT NULL,
    birth_date     DATE NOT NULL,
    phone          TEXT,
    email          TEXT,
    commune        TEXT NOT NULL,
    unit_code      TEXT NOT NULL REFERENCES territorial_unit (code),
    rsa_opened_on  DATE NOT NULL,
    -- JSON household summary (composition, children's ages, housing) used to prefill the simulator
    household      TEXT NOT NULL DEFAULT '{}',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX beneficiary_unit_idx ON beneficiary (unit_code, rsa_opened_on);

-- One-time sign-in codes (6 digits, hashed), valid 10 minutes, 5 attempts.
CREATE TABLE sign_in_code (
    code_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    beneficiary_id INTEGER NOT NULL REFERENCES beneficiary (beneficiary_id) ON DELETE CASCADE,
    code_hash      TEXT NOT NULL,
    channel        TEXT NOT NULL CONSTRAINT sign_in_code_channel_check CHECK (channel IN ('sms', 'email')),
    attempts       INTEGER NOT NULL DEFAULT 0,
    created_at     TIMESTAMP NOT NULL,
    expires_at     TIMESTAMP NOT NULL,
    used_at        TIMESTAMP
);
CREATE INDEX sign_in_code_beneficiary_idx ON sign_in_code (beneficiary_id, created_at);

-- Messages to send (SMS, e-mail), written in the same transaction as what causes them and
-- delivered by a background worker through the configured sender.
CREATE TABLE outbox_message (
    message_id      INTEGER PRIMARY KEY AUTOINCREMENT,
    channel         TEXT NOT NULL CONSTRAINT outbox_message_channel_check CHECK (channel IN ('sms', 'email')),
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL DEFAULT '',
    body            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CONSTRAINT outbox_message_status_check CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- which sender delivered it: smtp, sms_http or dev (kept in the app for admins to read)
    sender          TEXT,
    last_error      TEXT,
    created_at      TIMESTAMP NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP
);
CREATE INDEX outbox_message_pending_idx ON outbox_message (status, next_attempt_at);

-- Who did what, when, to which file. Append-only: the triggers refuse updates and deletes.
CREATE TABLE audit_event (
    audit_id       INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at    TIMESTAMP NOT NULL,
    actor_kind     TEXT NOT NULL CONSTRAINT audit_event_actor_check
                   CHECK (actor_kind IN ('anonymous', 'beneficiary', 'staff', 'partner', 'system')),
    actor_id       INTEGER,
    action         TEXT NOT NULL,
    target_kind    TEXT,
    target_id      TEXT,
    beneficiary_id INTEGER,
    unit_code      TEXT,
    -- JSON: before/after values, reasons
    detail         TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_event_beneficiary_idx ON audit_event (beneficiary_id, occurred_at);
CREATE INDEX audit_event_time_idx ON audit_event (occurred_at);
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit_event is append-only');
END;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit_event is append-only');
END;

-- Fixed-window counters shared by every server. `bucket` is a SHA-256 of the key (an address or an
-- account), so no address or e-mail is stored here.
CREATE TABLE rate_limit (
    bucket       TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    hits         INTEGER NOT NULL
);
