-- Cumulation scheme definitions as dated versions, edited by administrators. The simulator and the
-- pathway screens use the version in force on the date concerned. `definition` holds the core's
-- SchemeDefinition as JSON (window, sectors, months, bonus, assumptions, sources).
-- Same table on PostgreSQL: migrations/postgres/0005_schemes.sql.
CREATE TABLE scheme_version (
    scheme_version_id INTEGER PRIMARY KEY AUTOINCREMENT,
    code              TEXT NOT NULL,
    version           INTEGER NOT NULL,
    valid_from        DATE NOT NULL,
    valid_to          DATE,
    definition        TEXT NOT NULL,
    created_by        INTEGER REFERENCES staff_account (staff_id),
    created_at        TIMESTAMP NOT NULL,
    CONSTRAINT scheme_version_code_version_key UNIQUE (code, version),
    CONSTRAINT scheme_version_dates_check CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

-- Dashboard queries filter on these dates.
CREATE INDEX beneficiary_opened_idx ON beneficiary (rsa_opened_on);
CREATE INDEX appointment_starts_idx ON appointment (starts_at, purpose);
CREATE INDEX employment_start_idx ON employment (start_on);
