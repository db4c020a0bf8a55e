-- The staff search: a trigram index (pg_trgm) on the folded search key ("dupont marie 1234567",
-- accents and case removed by the application), so that "contains" searches (LIKE '%…%') use an
-- index instead of reading every person. pg_trgm is a trusted extension: a database owner may
-- create it. Where it cannot be created, searching still works, reading the table.
-- Same purpose on SQLite: migrations/sqlite/0007_search_index.sql (FTS5 trigram).
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX beneficiary_search_trgm_idx ON beneficiary USING gin (search_key gin_trgm_ops);
EXCEPTION WHEN insufficient_privilege OR undefined_file THEN
    RAISE NOTICE 'pg_trgm is not available: the staff search reads the table';
END;
$$;
-- Lists sorted by name within a unit.
CREATE INDEX beneficiary_name_idx ON beneficiary (unit_code, last_name, first_name, beneficiary_id);
