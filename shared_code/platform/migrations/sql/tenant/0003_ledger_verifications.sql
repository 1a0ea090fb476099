-- Verifying the books runs in the background; each run is a row, and the last entry whose
-- chain link was verified is a checkpoint, so the next run reads only what was posted since.

CREATE TABLE ledger_verifications (
    id                   uuid PRIMARY KEY,
    requested_by         uuid NOT NULL,
    requested_at         timestamptz NOT NULL DEFAULT now(),
    full_chain           boolean NOT NULL,
    status               text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
    finished_at          timestamptz,
    ok                   boolean,
    from_entry_number    bigint,
    entries_checked      bigint,
    last_entry_number    bigint,
    last_hash            text,
    broken_entry_id      uuid,
    broken_entry_number  bigint,
    problem              text,
    balance_mismatches   integer,
    CHECK ((status = 'done') = (finished_at IS NOT NULL AND ok IS NOT NULL))
);
CREATE INDEX ledger_verifications_by_time ON ledger_verifications (requested_at DESC);
-- One run waits at a time: asking again while one is pending returns that one.
CREATE UNIQUE INDEX ledger_verifications_one_pending ON ledger_verifications ((true)) WHERE status = 'pending';

CREATE TABLE ledger_verified_through (
    singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    entry_number  bigint NOT NULL CHECK (entry_number >= 0),
    hash          text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    verified_at   timestamptz NOT NULL
);
