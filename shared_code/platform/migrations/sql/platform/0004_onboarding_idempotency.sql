-- A retried "create organization" (same Idempotency-Key from the same user) returns the
-- first run instead of starting a second organization.
ALTER TABLE onboarding_runs ADD COLUMN idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 200);
CREATE UNIQUE INDEX onboarding_runs_idempotency ON onboarding_runs (user_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
