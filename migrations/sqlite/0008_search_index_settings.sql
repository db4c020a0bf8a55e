-- Same version as PostgreSQL's (its trigram index settings): here, the planner's statistics.
ANALYZE;
