-- Security review and retention (GDPR art. 5-1-e). Same changes on SQLite:
-- migrations/sqlite/0006_security_retention.sql.

-- A person whose online access is blocked after too many wrong codes in a day (staff lift it).
ALTER TABLE beneficiary ADD COLUMN sign_in_locked_at TIMESTAMPTZ;
-- The last sign-in: with updated_at, the pathway's events, appointments and messages, it tells
-- when a file was last active (files inactive for 2 years are deleted).
ALTER TABLE beneficiary ADD COLUMN last_sign_in_at TIMESTAMPTZ;

-- Messages: to whom (for "Mes données" and the person's file), and what kind, which sets how long
-- the text is kept (sign-in codes 24 hours, notices 3 months).
ALTER TABLE outbox_message ADD COLUMN beneficiary_id BIGINT;
ALTER TABLE outbox_message ADD COLUMN kind TEXT NOT NULL DEFAULT 'notice'
    CONSTRAINT outbox_message_kind_check CHECK (kind IN ('sign_in_code', 'notice'));
CREATE INDEX outbox_message_beneficiary_idx ON outbox_message (beneficiary_id, created_at);
CREATE INDEX outbox_message_created_idx ON outbox_message (created_at);

-- The audit trail: no update, no TRUNCATE, and deletes only of rows older than 5 years (the
-- retention purge). Triggers hold for every role, the table's owner included.
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.occurred_at < now() - interval '5 years' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only';
END;
$$;
CREATE FUNCTION audit_event_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: TRUNCATE is refused';
END;
$$;
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_no_truncate();

-- The application's role should not own the audit trail (an owner can drop triggers). Where the
-- role that migrates may create roles, the table goes to a role nobody signs in with, and the
-- application keeps only SELECT, INSERT and DELETE (the trigger limits DELETE to old rows).
-- Elsewhere, the database administrator does the same by hand (see README, "Security").
DO $$
DECLARE
    app_role TEXT := current_user;
    superuser BOOLEAN := (SELECT rolsuper FROM pg_roles WHERE rolname = current_user);
BEGIN
    BEGIN
        CREATE ROLE passerelle_audit_owner NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- made by an earlier database of this cluster
    END;
    IF NOT superuser THEN
        -- Changing a table's owner to a role needs membership of it, for the time of the change.
        EXECUTE format('GRANT passerelle_audit_owner TO %I', app_role);
    END IF;
    ALTER TABLE audit_event OWNER TO passerelle_audit_owner;
    ALTER FUNCTION audit_event_append_only() OWNER TO passerelle_audit_owner;
    ALTER FUNCTION audit_event_no_truncate() OWNER TO passerelle_audit_owner;
    EXECUTE format('GRANT SELECT, INSERT, DELETE ON audit_event TO %I', app_role);
    IF NOT superuser THEN
        EXECUTE format('REVOKE passerelle_audit_owner FROM %I', app_role);
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'audit_event stays owned by %: give it to a role of its own (README, Security)', app_role;
END;
$$;
