-- Issue 27: nobody can lock a person out. Past the day's ceiling of wrong codes, the person gets a
-- single-use sign-in link (a long token, kind 'link') sent to the contact on file instead of a code;
-- the column `sign_in_locked_at` now means "codes replaced by links since" and lapses after 24 hours.
-- Failed anonymous attempts are counted per hour (failure_tally) instead of one audit row each.
-- Same on the other engine: migrations/postgres/0017_sign_in_links.sql.

ALTER TABLE sign_in_code ADD COLUMN kind TEXT NOT NULL DEFAULT 'code'
    CONSTRAINT sign_in_code_kind_check CHECK (kind IN ('code', 'link'));

-- Locks set by earlier versions required staff to lift them: they go.
UPDATE beneficiary SET sign_in_locked_at = NULL WHERE sign_in_locked_at IS NOT NULL;

-- One row per kind of failure (unknown file number, unknown staff e-mail, provider callback
-- refused…) and hour: what a security review needs, without a five-year row per attempt.
CREATE TABLE failure_tally (
    kind  TEXT NOT NULL,
    hour  BIGINT NOT NULL,
    hits  BIGINT NOT NULL,
    PRIMARY KEY (kind, hour)
);
