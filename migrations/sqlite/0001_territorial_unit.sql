-- Territorial units (unités territoriales d'action sociale, UTAS) of the Seine-Maritime département.
-- Staff accounts and beneficiaries are attached to one unit; the SPIE started on "Boucles de Seine".
-- Same table on PostgreSQL: migrations/postgres/0001_territorial_unit.sql.
CREATE TABLE territorial_unit (
    code        TEXT PRIMARY KEY CONSTRAINT territorial_unit_code_format CHECK (length(code) BETWEEN 2 AND 10),
    name        TEXT NOT NULL CONSTRAINT territorial_unit_name_key UNIQUE,
    -- name folded by text::search_key (lower case, no accents), for accent-insensitive search
    search_key  TEXT NOT NULL,
    spie_active BOOLEAN NOT NULL DEFAULT FALSE,
    spie_since  DATE
);

-- Units named in the département's 2018-2020 "projets sociaux de territoire" (the complete post-2018
-- list was not found in public sources: see ../shared/domain/brief.md §4). The SPIE started on Boucles
-- de Seine in mid-February 2021.
INSERT INTO territorial_unit (code, name, search_key, spie_active, spie_since) VALUES
    ('BDS', 'Boucles de Seine', 'boucles de seine', TRUE, '2021-02-15'),
    ('ROU', 'Rouen', 'rouen', FALSE, NULL),
    ('ESM', 'Entre Seine et Mer', 'entre seine et mer', FALSE, NULL),
    ('DNB', 'Dieppe Neufchâtel-en-Bray', 'dieppe neufchatel en bray', FALSE, NULL);
