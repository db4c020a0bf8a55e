-- Security review and retention (GDPR art. 5-1-e). Same changes on PostgreSQL:
-- migrations/postgres/0006_security_retention.sql.

-- A person whose online access is blocked after too many wrong codes in a day (staff lift it).
ALTER TABLE beneficiary ADD COLUMN sign_in_locked_at TIMESTAMP;
-- The last sign-in: with updated_at, the pathway's events, appointments and messages, it tells
-- when a file was last active (files inactive for 2 years are deleted).
ALTER TABLE beneficiary ADD COLUMN last_sign_in_at TIMESTAMP;

-- Messages: to whom (for "Mes données" and the person's file), and what kind, which sets how long
-- the text is kept (sign-in codes 24 hours, notices 3 months).
ALTER TABLE outbox_message ADD COLUMN beneficiary_id INTEGER;
ALTER TABLE outbox_message ADD COLUMN kind TEXT NOT NULL DEFAULT 'notice'
    CONSTRAINT outbox_message_kind_check CHECK (kind IN ('sign_in_code', 'notice'));
CREATE INDEX outbox_message_beneficiary_idx ON outbox_message (beneficiary_id, created_at);
CREATE INDEX outbox_message_created_idx ON outbox_message (created_at);

-- The audit trail: no update, and deletes only of rows older than 5 years (the retention purge).
-- Timestamps are RFC 3339 text ("2026-11-29T12:00:00Z"), compared as such.
DROP TRIGGER audit_event_no_delete;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
WHEN OLD.occurred_at >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-5 years')
BEGIN
    SELECT RAISE(ABORT, 'audit_event is append-only');
END;
