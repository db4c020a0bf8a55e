-- Reaching people: scheduled messages (invitation, its reminder, appointment reminders, the
-- message after a missed appointment), each person's channel choices, and message keys that make
-- a retried send harmless. Same changes on SQLite: migrations/sqlite/0010_reminders.sql.

-- A person can refuse SMS or e-mail from "Mon parcours" (sign-in codes they ask for still go).
ALTER TABLE beneficiary ADD COLUMN sms_opt_out BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE beneficiary ADD COLUMN email_opt_out BOOLEAN NOT NULL DEFAULT FALSE;

-- What a message is for (shown to staff, counted on the dashboard), the appointment it is about,
-- and a key unique per message: a job run twice writes its message once, and the key goes to
-- the SMS provider so that a send retried after a crash is not delivered twice.
ALTER TABLE outbox_message ADD COLUMN purpose TEXT;
ALTER TABLE outbox_message ADD COLUMN appointment_id BIGINT;
ALTER TABLE outbox_message ADD COLUMN idempotency_key TEXT;
CREATE UNIQUE INDEX outbox_message_idempotency_idx ON outbox_message (idempotency_key);
CREATE INDEX outbox_message_purpose_idx ON outbox_message (purpose, created_at);
-- the dashboard's "with or without a reminder"
CREATE INDEX outbox_message_appointment_idx ON outbox_message (appointment_id);

-- Work due later, taken by whichever server is free: `next_attempt_at` is pushed forward when a
-- server takes a job (its lease: a server that dies leaves the job to another once it expires)
-- and after a failure (back-off). `attempts` is the fencing token: a job is finished only by the
-- server holding its latest attempt.
CREATE TABLE scheduled_job (
    job_id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            TEXT NOT NULL CONSTRAINT scheduled_job_kind_check
                    CHECK (kind IN ('invitation', 'invitation_reminder', 'appointment_reminder', 'missed_followup')),
    beneficiary_id  BIGINT NOT NULL REFERENCES beneficiary (beneficiary_id) ON DELETE CASCADE,
    appointment_id  BIGINT REFERENCES appointment (appointment_id) ON DELETE CASCADE,
    -- appointment reminders: the start time the reminder was planned for (a moved appointment
    -- gets a new job; the old one finds the time changed and stands down)
    subject_at      TIMESTAMPTZ,
    idempotency_key TEXT NOT NULL CONSTRAINT scheduled_job_idempotency_key UNIQUE,
    due_at          TIMESTAMPTZ NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CONSTRAINT scheduled_job_status_check
                    CHECK (status IN ('pending', 'done', 'skipped', 'failed')),
    attempts        BIGINT NOT NULL DEFAULT 0,
    -- why it was skipped, or the last error
    outcome         TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ
);
CREATE INDEX scheduled_job_due_idx ON scheduled_job (status, next_attempt_at);
CREATE INDEX scheduled_job_beneficiary_idx ON scheduled_job (beneficiary_id);
