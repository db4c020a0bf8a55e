-- FranceConnect: a person's FranceConnect identity (its `sub`, unique per provider and service)
-- linked to their file, once they proved it is theirs (file number, birth date and names). Later
-- sign-ins find the file by `sub` alone. Staff (ProConnect) are matched by e-mail each time: no
-- table. Same on PostgreSQL: migrations/postgres/0012_franceconnect.sql.
CREATE TABLE identity_link (
    provider        TEXT NOT NULL CONSTRAINT identity_link_provider_check CHECK (provider IN ('franceconnect')),
    subject         TEXT NOT NULL,
    beneficiary_id  INTEGER NOT NULL REFERENCES beneficiary (beneficiary_id) ON DELETE CASCADE,
    linked_at       TIMESTAMP NOT NULL,
    last_used_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (provider, subject),
    -- one FranceConnect identity per file: a second one is refused, staff can undo the first
    CONSTRAINT identity_link_one_per_file UNIQUE (provider, beneficiary_id)
);
