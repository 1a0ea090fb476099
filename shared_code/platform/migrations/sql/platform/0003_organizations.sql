-- Organizations: the business profile, onboarding progress, and deletion with a grace period.

ALTER TABLE organizations DROP CONSTRAINT organizations_status_check;
ALTER TABLE organizations ADD CONSTRAINT organizations_status_check
    CHECK (status IN ('onboarding', 'active', 'pending_deletion', 'deleted'));
ALTER TABLE organizations
    ADD COLUMN deletion_requested_at timestamptz,
    ADD COLUMN deletion_requested_by uuid REFERENCES users (id),
    ADD COLUMN deletion_due_at timestamptz,
    ADD COLUMN deleted_at timestamptz;
CREATE INDEX organizations_due_for_deletion ON organizations (deletion_due_at) WHERE status = 'pending_deletion';

CREATE TABLE organization_profiles (
    organization_id         uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    legal_name              text NOT NULL CHECK (length(legal_name) BETWEEN 1 AND 200),
    trading_name            text CHECK (length(trading_name) <= 200),
    business_type           text NOT NULL,
    tpin                    text NOT NULL CHECK (tpin ~ '^[0-9]{10}$'),
    pacra_number            text CHECK (pacra_number ~ '^[0-9]{12}$'),
    vat_registered          boolean NOT NULL,
    vat_effective_date      date,
    turnover_tax            boolean NOT NULL,
    physical_address        jsonb NOT NULL,
    postal_address          jsonb,
    phone                   text NOT NULL,
    email                   text NOT NULL,
    fiscal_year_start_month smallint NOT NULL CHECK (fiscal_year_start_month BETWEEN 1 AND 12),
    base_currency           text NOT NULL DEFAULT 'ZMW' CHECK (base_currency = 'ZMW'),
    logo_blob               text,
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CHECK (vat_registered OR vat_effective_date IS NULL)
);

-- Progress of each onboarding run, kept in the database so it survives restarts.
CREATE TABLE onboarding_runs (
    instance_id      text PRIMARY KEY,
    organization_id  uuid NOT NULL UNIQUE,
    user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    input            jsonb NOT NULL,
    status           text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
    steps_done       text[] NOT NULL DEFAULT '{}',
    current_step     text,
    error            text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX onboarding_runs_by_user ON onboarding_runs (user_id, created_at DESC);
