-- The dashboard reads, for everyone who entered in a period, a handful of columns: indexes that
-- hold those columns answer it without visiting the table rows (the whole département over two
-- years is every row: 43 300 people, ~100 000 appointments). They replace the date-only indexes
-- of 0005, which are their prefixes.
CREATE INDEX beneficiary_dashboard_idx
    ON beneficiary (rsa_opened_on, unit_code, status, orientation, oriented_on);
DROP INDEX beneficiary_opened_idx;
CREATE INDEX appointment_dashboard_idx
    ON appointment (starts_at, purpose, status, beneficiary_id);
DROP INDEX appointment_starts_idx;
-- Each person's first orientation interview held (delay to the interview).
CREATE INDEX appointment_first_held_idx
    ON appointment (beneficiary_id, purpose, status, starts_at);
