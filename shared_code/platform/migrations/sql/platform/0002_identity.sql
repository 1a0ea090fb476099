-- Identity: users, organizations and memberships, roles, sessions and tokens, MFA,
-- invitations, abuse limits and the security audit log. All in the platform schema.

CREATE TABLE users (
    id                   uuid PRIMARY KEY,
    email                text NOT NULL CHECK (length(email) <= 254),
    email_normalized     text NOT NULL UNIQUE,
    full_name            text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
    password_hash        text NOT NULL,
    email_verified_at    timestamptz,
    status               text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    mfa_secret           text,          -- AES-GCM token (crypto.CredentialCipher), never plaintext
    mfa_pending_secret   text,          -- during enrolment, until confirmed
    mfa_enabled_at       timestamptz,
    mfa_last_step        bigint,        -- last accepted TOTP time step: a code works once
    failed_logins        integer NOT NULL DEFAULT 0,
    locked_until         timestamptz,
    password_changed_at  timestamptz NOT NULL DEFAULT now(),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mfa_recovery_codes (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash   text NOT NULL,
    used_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE organizations (
    id           uuid PRIMARY KEY REFERENCES tenants (id),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'pending_deletion', 'deleted')),
    require_mfa  boolean NOT NULL DEFAULT false,
    created_by   uuid REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Custom roles of an organization (built-in roles live in code: identity/permissions.py).
CREATE TABLE custom_roles (
    organization_id  uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    key              text NOT NULL CHECK (key ~ '^custom:[a-z0-9][a-z0-9_-]{0,39}$'),
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    description      text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    inherits         text[] NOT NULL DEFAULT '{}',
    permissions      text[] NOT NULL DEFAULT '{}',
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, key)
);

CREATE TABLE memberships (
    organization_id  uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role             text NOT NULL,
    status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deactivated')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships (user_id);

-- A session is a refresh-token family: reuse of a rotated token revokes the whole session.
CREATE TABLE sessions (
    id              uuid PRIMARY KEY,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mfa_verified    boolean NOT NULL DEFAULT false,
    csrf_hash       text NOT NULL,
    user_agent      text,
    ip_address      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_used_at    timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    revoked_at      timestamptz,
    revoked_reason  text
);
CREATE INDEX sessions_by_user ON sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE refresh_tokens (
    token_hash   text PRIMARY KEY,
    session_id   uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    issued_at    timestamptz NOT NULL DEFAULT now(),
    used_at      timestamptz
);
CREATE INDEX refresh_tokens_by_session ON refresh_tokens (session_id);

-- Single-use, expiring tokens sent by e-mail (verification, password reset).
CREATE TABLE one_time_tokens (
    token_hash  text PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     text NOT NULL CHECK (purpose IN ('verify_email', 'password_reset')),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX one_time_tokens_by_user ON one_time_tokens (user_id, purpose);

CREATE TABLE invitations (
    id               uuid PRIMARY KEY,
    organization_id  uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email            text NOT NULL,
    email_normalized text NOT NULL,
    role             text NOT NULL,
    token_hash       text NOT NULL UNIQUE,
    invited_by       uuid NOT NULL REFERENCES users (id),
    expires_at       timestamptz NOT NULL,
    accepted_at      timestamptz,
    accepted_by      uuid REFERENCES users (id),
    revoked_at       timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX invitations_one_pending_per_email ON invitations (organization_id, email_normalized)
    WHERE accepted_at IS NULL AND revoked_at IS NULL;

-- Fixed-window counters for abuse limits, shared by every instance.
CREATE TABLE rate_limit_counters (
    bucket        text NOT NULL,
    subject       text NOT NULL,
    window_start  timestamptz NOT NULL,
    hits          integer NOT NULL DEFAULT 0,
    PRIMARY KEY (bucket, subject, window_start)
);

-- Append-only security audit log.
CREATE TABLE security_events (
    id               uuid PRIMARY KEY,
    occurred_at      timestamptz NOT NULL DEFAULT now(),
    event_type       text NOT NULL,
    user_id          uuid,
    organization_id  uuid,
    actor_id         uuid,
    ip_address       text,
    user_agent       text,
    details          jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX security_events_by_org ON security_events (organization_id, occurred_at DESC);
CREATE INDEX security_events_by_user ON security_events (user_id, occurred_at DESC);

CREATE FUNCTION security_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'security_events is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER security_events_no_update_or_delete
    BEFORE UPDATE OR DELETE ON security_events
    FOR EACH ROW EXECUTE FUNCTION security_events_append_only();
