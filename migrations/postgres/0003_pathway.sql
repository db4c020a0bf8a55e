-- The SPIE pathway: status on the beneficiary, appointments, the timeline of events, returns to
-- work (with the cumulation scheme), and the beneficiary-to-staff inbox.
-- Same tables on SQLite: migrations/sqlite/0003_pathway.sql.

ALTER TABLE beneficiary ADD COLUMN status TEXT NOT NULL DEFAULT 'entered'
    CONSTRAINT beneficiary_status_check CHECK (status IN ('entered', 'invited', 'appointment_planned',
        'appointment_missed', 'interview_held', 'oriented', 'contract_signed', 'employed', 'exited'));
ALTER TABLE beneficiary ADD COLUMN status_since DATE;
ALTER TABLE beneficiary ADD COLUMN oriented_on DATE;
ALTER TABLE beneficiary ADD COLUMN orientation TEXT
    CONSTRAINT beneficiary_orientation_check CHECK (orientation IN ('professionnel', 'socio_professionnel', 'social'));
ALTER TABLE beneficiary ADD COLUMN referent_org TEXT
    CONSTRAINT beneficiary_referent_org_check CHECK (referent_org IN ('france_travail', 'mission_locale',
        'cap_emploi', 'departement', 'ccas', 'plie', 'autre'));
ALTER TABLE beneficiary ADD COLUMN referent_name TEXT;
ALTER TABLE beneficiary ADD COLUMN referent_contact TEXT;
ALTER TABLE beneficiary ADD COLUMN contract_signed_on DATE;
ALTER TABLE beneficiary ADD COLUMN contract_review_on DATE;
ALTER TABLE beneficiary ADD COLUMN contract_weekly_hours BIGINT;
ALTER TABLE beneficiary ADD COLUMN exit_reason TEXT;
-- the staff worklist: people of a unit awaiting orientation, oldest entry first
CREATE INDEX beneficiary_worklist_idx ON beneficiary (unit_code, status, rsa_opened_on);

CREATE TABLE appointment (
    appointment_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    beneficiary_id BIGINT NOT NULL REFERENCES beneficiary (beneficiary_id) ON DELETE CASCADE,
    purpose        TEXT NOT NULL CONSTRAINT appointment_purpose_check CHECK (purpose IN ('orientation', 'suivi', 'contrat')),
    starts_at      TIMESTAMPTZ NOT NULL,
    place          TEXT NOT NULL,
    officer_name   TEXT NOT NULL,
    status         TEXT NOT NULL CONSTRAINT appointment_status_check
                   CHECK (status IN ('planned', 'held', 'missed', 'excused', 'cancelled')),
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX appointment_beneficiary_idx ON appointment (beneficiary_id, starts_at);

-- The timeline. `title` and `detail` are written in French when the event is recorded, so the
-- history reads the same later even if labels change. Notes are not shown to the beneficiary.
CREATE TABLE pathway_event (
    event_id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    beneficiary_id         BIGINT NOT NULL REFERENCES beneficiary (beneficiary_id) ON DELETE CASCADE,
    occurred_on            DATE NOT NULL,
    kind                   TEXT NOT NULL,
    title                  TEXT NOT NULL,
    detail                 TEXT NOT NULL DEFAULT '',
    visible_to_beneficiary BOOLEAN NOT NULL DEFAULT TRUE,
    recorded_by            BIGINT REFERENCES staff_account (staff_id),
    recorded_at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX pathway_event_beneficiary_idx ON pathway_event (beneficiary_id, occurred_on);
CREATE INDEX pathway_event_kind_idx ON pathway_event (kind, occurred_on);

-- Returns to work, with what the cumulation scheme gives (months of RSA kept, bonus).
CREATE TABLE employment (
    employment_id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    beneficiary_id    BIGINT NOT NULL REFERENCES beneficiary (beneficiary_id) ON DELETE CASCADE,
    employer          TEXT NOT NULL,
    sector            TEXT NOT NULL,
    start_on          DATE NOT NULL,
    contract          TEXT CONSTRAINT employment_contract_check CHECK (contract IN ('cdi', 'cdd', 'interim', 'other')),
    hours_per_week    BIGINT,
    net_monthly_cents BIGINT,
    -- the scheme definition applied (code and version), if any
    scheme_code       TEXT,
    scheme_version    BIGINT,
    scheme_months     BIGINT NOT NULL DEFAULT 0,
    bonus_cents       BIGINT NOT NULL DEFAULT 0,
    bonus_paid_on     DATE,
    created_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX employment_beneficiary_idx ON employment (beneficiary_id, start_on);

-- Questions and "I cannot come" messages from beneficiaries, answered by staff.
CREATE TABLE inbox_message (
    message_id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    beneficiary_id BIGINT NOT NULL REFERENCES beneficiary (beneficiary_id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CONSTRAINT inbox_message_kind_check CHECK (kind IN ('question', 'cannot_attend')),
    appointment_id BIGINT REFERENCES appointment (appointment_id) ON DELETE SET NULL,
    body           TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    answer         TEXT,
    answered_at    TIMESTAMPTZ,
    answered_by    BIGINT REFERENCES staff_account (staff_id)
);
CREATE INDEX inbox_message_open_idx ON inbox_message (answered_at, created_at);
CREATE INDEX inbox_message_beneficiary_idx ON inbox_message (beneficiary_id, created_at);
