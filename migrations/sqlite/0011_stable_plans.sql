-- Keep the planner's per-index summaries (sqlite_stat1, from migration 0008) but not the value
-- samples of sqlite_stat4: with them, SQLite compiles a statement again each time a bound value
-- that might change its plan changes, i.e. on nearly every request (see Db::refresh_statistics).
-- Same version on PostgreSQL: migrations/postgres/0011_stable_plans.sql (nothing to do there).
DELETE FROM sqlite_stat4;
ANALYZE sqlite_schema;
