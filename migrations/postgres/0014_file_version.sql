-- A version number per person's file, raised by every change recorded through the one write path.
-- Same on the other engine: migrations/sqlite/0014_file_version.sql.
-- Staff forms carry the version the officer saw: a change made from a page that another officer
-- changed since is refused with "reload" instead of silently adding to (or undoing) theirs.
ALTER TABLE beneficiary ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
