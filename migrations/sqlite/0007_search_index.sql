-- The staff search: a trigram index on the folded search key ("dupont marie 1234567", accents and
-- case removed by the application), so that "contains" searches use an index instead of reading
-- every person. Kept current by triggers, in the same transaction as the change.
-- Same purpose on PostgreSQL: migrations/postgres/0007_search_index.sql (pg_trgm).
CREATE VIRTUAL TABLE beneficiary_search USING fts5(
    search_key, content = 'beneficiary', content_rowid = 'beneficiary_id', tokenize = 'trigram'
);
INSERT INTO beneficiary_search (beneficiary_search) VALUES ('rebuild');
CREATE TRIGGER beneficiary_search_insert AFTER INSERT ON beneficiary BEGIN
    INSERT INTO beneficiary_search (rowid, search_key) VALUES (new.beneficiary_id, new.search_key);
END;
CREATE TRIGGER beneficiary_search_delete AFTER DELETE ON beneficiary BEGIN
    INSERT INTO beneficiary_search (beneficiary_search, rowid, search_key)
        VALUES ('delete', old.beneficiary_id, old.search_key);
END;
CREATE TRIGGER beneficiary_search_update AFTER UPDATE OF search_key ON beneficiary BEGIN
    INSERT INTO beneficiary_search (beneficiary_search, rowid, search_key)
        VALUES ('delete', old.beneficiary_id, old.search_key);
    INSERT INTO beneficiary_search (rowid, search_key) VALUES (new.beneficiary_id, new.search_key);
END;
-- Lists sorted by name within a unit.
CREATE INDEX beneficiary_name_idx ON beneficiary (unit_code, last_name, first_name, beneficiary_id);
