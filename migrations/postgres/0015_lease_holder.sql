-- Which server holds a message or a job it took (its lease), by the server's WORKER_NAME.
-- Same on the other engine: migrations/sqlite/0015_lease_holder.sql.
-- Operators see who holds what when a server stops answering; the two-server check proves that the
-- server it kills held work at that moment, and that the other one finished it.
ALTER TABLE outbox_message ADD COLUMN leased_by TEXT;
ALTER TABLE scheduled_job ADD COLUMN leased_by TEXT;
