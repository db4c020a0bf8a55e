-- Same version as SQLite's (which drops its planner's value samples, see
-- migrations/sqlite/0011_stable_plans.sql): PostgreSQL re-plans prepared statements by its own
-- rules, nothing to change here.
SELECT 1;
