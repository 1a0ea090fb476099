-- Mobile money: Airtel Money wallets linked with the business's own Open API app, their
-- transactions (from sync and statement imports), sync runs, statement imports and the
-- categorisation rules. The app's client id and secret are kept encrypted (AES-GCM under the
-- data key); so is the cached access token, shared by every worker until it expires.

CREATE TABLE mobile_money_wallets (
    id              uuid PRIMARY KEY,
    provider        text NOT NULL DEFAULT 'airtel' CHECK (provider = 'airtel'),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    msisdn          text NOT NULL CHECK (msisdn ~ '^[0-9]{9}$'),
    environment     text NOT NULL CHECK (environment IN ('uat', 'live', 'uat_africa', 'live_africa', 'custom')),
    base_url        text NOT NULL,
    credentials     bytea NOT NULL,
    client_id_hint  text NOT NULL,
    account_id      uuid NOT NULL,
    status          text NOT NULL DEFAULT 'linked' CHECK (status IN ('linked', 'unlinked')),
    linked_by       uuid NOT NULL,
    linked_at       timestamptz NOT NULL,
    unlinked_by     uuid,
    unlinked_at     timestamptz,
    sync_cursor     timestamptz,
    last_synced_at  timestamptz,
    balance         numeric(16, 2),
    balance_at      timestamptz,
    CHECK ((status = 'unlinked') = (unlinked_at IS NOT NULL))
);

-- One linked wallet per merchant number; an unlinked one keeps its history beside a new link.
CREATE UNIQUE INDEX mobile_money_wallets_linked_msisdn ON mobile_money_wallets (msisdn) WHERE status = 'linked';

CREATE TABLE mobile_money_tokens (
    wallet_id   uuid PRIMARY KEY REFERENCES mobile_money_wallets (id) ON DELETE CASCADE,
    token       bytea NOT NULL,
    expires_at  timestamptz NOT NULL,
    fetched_at  timestamptz NOT NULL
);

CREATE TABLE mobile_money_transactions (
    id                   uuid PRIMARY KEY,
    wallet_id            uuid NOT NULL REFERENCES mobile_money_wallets (id),
    airtel_id            text NOT NULL CHECK (length(airtel_id) BETWEEN 1 AND 100),
    partner_id           text,
    occurred_at          timestamptz NOT NULL,
    direction            text NOT NULL CHECK (direction IN ('in', 'out')),
    amount               numeric(14, 2) NOT NULL CHECK (amount >= 0),
    charges              numeric(14, 2) NOT NULL DEFAULT 0 CHECK (charges >= 0),
    status               text NOT NULL CHECK (status IN ('TS', 'TF', 'TA', 'TIP', 'TE')),
    service_type         text NOT NULL,
    counterparty_name    text NOT NULL DEFAULT '',
    counterparty_msisdn  text,
    reference            text NOT NULL DEFAULT '',
    origin               text NOT NULL CHECK (origin IN ('sync', 'statement')),
    import_id            uuid,
    first_seen_at        timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    categorised_at       timestamptz,
    categorised_by       uuid,
    parts                jsonb,
    rule_id              uuid,
    journal_entry_id     uuid,
    -- Airtel's id is the de-duplication key: a row seen again (overlapping sync windows, a
    -- statement covering synced days, a redelivered job) is the same row.
    CONSTRAINT mobile_money_transactions_airtel_id UNIQUE (wallet_id, airtel_id),
    CHECK ((categorised_at IS NULL) = (parts IS NULL))
);

CREATE INDEX mobile_money_transactions_by_time ON mobile_money_transactions (wallet_id, occurred_at DESC, id);
CREATE INDEX mobile_money_transactions_inbox ON mobile_money_transactions (occurred_at DESC, id)
    WHERE categorised_at IS NULL AND status = 'TS';
CREATE INDEX mobile_money_transactions_counterparty ON mobile_money_transactions (counterparty_msisdn)
    WHERE categorised_at IS NOT NULL;

CREATE TABLE mobile_money_sync_runs (
    id            uuid PRIMARY KEY,
    wallet_id     uuid NOT NULL REFERENCES mobile_money_wallets (id),
    trigger       text NOT NULL CHECK (trigger IN ('timer', 'manual', 'link')),
    status        text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    requested_by  uuid,
    requested_at  timestamptz NOT NULL,
    started_at    timestamptz,
    finished_at   timestamptz,
    window_from   timestamptz,
    window_to     timestamptz,
    next_offset   integer NOT NULL DEFAULT 0 CHECK (next_offset >= 0),
    expected      integer,
    pages         integer NOT NULL DEFAULT 0,
    fetched       integer NOT NULL DEFAULT 0,
    added         integer NOT NULL DEFAULT 0,
    updated       integer NOT NULL DEFAULT 0,
    attempts      integer NOT NULL DEFAULT 0,
    errors        jsonb NOT NULL DEFAULT '[]'
);

CREATE INDEX mobile_money_sync_runs_by_wallet ON mobile_money_sync_runs (wallet_id, requested_at DESC, id);
-- At most one run of a wallet is waiting or running: a second "sync now" joins it.
CREATE UNIQUE INDEX mobile_money_sync_runs_one_open ON mobile_money_sync_runs (wallet_id)
    WHERE status IN ('queued', 'running');

CREATE TABLE mobile_money_statement_imports (
    id           uuid PRIMARY KEY,
    wallet_id    uuid NOT NULL REFERENCES mobile_money_wallets (id),
    file_name    text NOT NULL,
    file_format  text NOT NULL CHECK (file_format IN ('csv', 'xlsx')),
    blob_name    text NOT NULL,
    status       text NOT NULL CHECK (status IN ('previewed', 'importing', 'imported', 'failed')),
    rows_total   integer NOT NULL,
    rows_valid   integer NOT NULL,
    rows_known   integer NOT NULL,
    rows_new     integer NOT NULL,
    rows_done    integer NOT NULL DEFAULT 0,
    problems     jsonb NOT NULL DEFAULT '[]',
    created_by   uuid NOT NULL,
    created_at   timestamptz NOT NULL,
    started_at   timestamptz,
    finished_at  timestamptz,
    error        text
);

CREATE TABLE mobile_money_rules (
    id             uuid PRIMARY KEY,
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    account_id     uuid NOT NULL,
    vat_rate       numeric(5, 2) CHECK (vat_rate BETWEEN 0 AND 100),
    counterparty   text,
    text_contains  text,
    min_amount     numeric(14, 2),
    max_amount     numeric(14, 2),
    direction      text CHECK (direction IN ('in', 'out')),
    priority       integer NOT NULL DEFAULT 100,
    created_by     uuid NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    CHECK (min_amount IS NULL OR max_amount IS NULL OR min_amount <= max_amount)
);
