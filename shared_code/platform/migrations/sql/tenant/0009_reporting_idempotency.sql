-- A sign-off or a saved layout version made with an Idempotency-Key: a retried request
-- returns the first record and saves nothing more. (Adding a column fires no row trigger,
-- so the tables stay immutable.)

ALTER TABLE report_sign_offs
    ADD COLUMN idempotency_key text UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200);

ALTER TABLE report_layout_versions
    ADD COLUMN idempotency_key text UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200);
