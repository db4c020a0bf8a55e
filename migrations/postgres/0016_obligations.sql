-- The 2025 law's obligations (loi n° 2023-1196 "pour le plein emploi"): the action plan of the contrat
-- d'engagement, what the référent commits to, the day the département received the CAF's information
-- (the 6-week orientation deadline runs from it), and the suspension-remobilisation procedure.
-- Same on the other engine: migrations/sqlite/0016_obligations.sql. Rules: src/obligations.rs.

-- JSON of passerelle::obligations::ActionPlan (activities with their hours, the reason when under 15 h)
ALTER TABLE beneficiary ADD COLUMN contract_plan TEXT;
-- what the référent commits to, as the contract writes it
ALTER TABLE beneficiary ADD COLUMN contract_commitments TEXT;
-- the day the département's services received the CAF's information on the opening of the right
ALTER TABLE beneficiary ADD COLUMN caf_information_on DATE;

-- One row per procedure; a person has at most one open procedure (the partial unique index below
-- makes two officers reporting at once record one, whatever the engine's isolation level).
CREATE TABLE sanction_procedure (
    procedure_id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    beneficiary_id     BIGINT NOT NULL REFERENCES beneficiary (beneficiary_id) ON DELETE CASCADE,
    stage              TEXT NOT NULL CONSTRAINT sanction_procedure_stage_check CHECK (stage IN ('reported', 'proposed',
                       'notice_sent', 'answered', 'referred', 'decided', 'no_sanction', 'lifted', 'ended')),
    -- who started it: an officer of the département, or France Travail through the partner API
    source             TEXT NOT NULL CONSTRAINT sanction_procedure_source_check CHECK (source IN ('departement', 'france_travail')),
    breach             TEXT NOT NULL CONSTRAINT sanction_procedure_breach_check CHECK (breach IN ('missed_appointments',
                       'contract_refused', 'plan_not_followed', 'not_registered')),
    -- the facts, as the notice states them to the person (what was missed, when)
    facts              TEXT NOT NULL,
    breach_on          DATE NOT NULL,
    recurrence         TEXT NOT NULL CONSTRAINT sanction_procedure_recurrence_check CHECK (recurrence IN ('first', 'repeated')),
    -- the legitimate-reason screen and the criteria of CASF R262-68-5, as the officer noted them
    screening          TEXT NOT NULL DEFAULT '',
    -- the sanction envisaged (or proposed by France Travail)
    envisaged_kind     TEXT NOT NULL CONSTRAINT sanction_procedure_envisaged_kind_check CHECK (envisaged_kind IN ('suspension', 'removal')),
    envisaged_rate_ppm BIGINT NOT NULL,
    envisaged_months   INTEGER NOT NULL,
    -- the monthly RSA the rate applies to, and the household facts of the 50 % cap (CASF R262-68-6)
    basis_cents        BIGINT NOT NULL,
    household_persons  INTEGER NOT NULL,
    majore             BOOLEAN NOT NULL,
    notice_sent_on     DATE,
    -- as proved by the means of sending (registered letter, hand delivery…): the 10 days run from it
    notice_received_on DATE,
    observations       TEXT,
    observations_on    DATE,
    hearing_asked_on   DATE,
    hearing_on         DATE,
    hearing_notes      TEXT,
    referred_on        DATE,
    decided_kind       TEXT CONSTRAINT sanction_procedure_decided_kind_check CHECK (decided_kind IN ('suspension', 'removal')),
    decided_rate_ppm   BIGINT,
    decided_months     INTEGER,
    decided_on         DATE,
    -- the first month the CAF applies it to
    starts_on          DATE,
    -- "Pour la lever : …", the action agreed with the référent
    lift_action        TEXT,
    -- why no sanction, or how it ended
    closing_note       TEXT,
    closed_on          DATE,
    -- France Travail's reference for its proposal (idempotent retries)
    external_ref       TEXT,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX sanction_procedure_one_open_idx ON sanction_procedure (beneficiary_id)
    WHERE stage NOT IN ('no_sanction', 'lifted', 'ended');
CREATE INDEX sanction_procedure_person_idx ON sanction_procedure (beneficiary_id, created_at);
CREATE INDEX sanction_procedure_stage_idx ON sanction_procedure (stage);
