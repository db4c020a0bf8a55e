-- FranceConnect: a person's FranceConnect identity (its `sub`, unique per provider and service)
-- linked to their file, once they proved it is theirs (file number, birth date and names). Later
-- sign-ins find the file by `sub` alone. Staff (ProConnect) are matched by e-mail each time: no
-- table. Same on SQLite: migrations/sqlite/0012_franceconnect.sql.
CREATE TABLE identity_link (
    provider        TEXT NOT NULL CONSTRAINT identity_link_provider_check CHECK (provider IN ('franceconnect')),
    subject         TEXT NOT NULL,
    beneficiary_id  BIGINT NOT NULL REFERENCES beneficiary (beneficiary_id) ON DELETE CASCADE,
    linked_at       TIMESTAMPTZ NOT NULL,
    last_used_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider, subject),
    CONSTRAINT identity_link_one_per_file UNIQUE (provider, beneficiary_id)
);
