-- The general ledger: chart of accounts, the immutable journal and its hash chain, the
-- stored balances that reports read, and the period controls (lock date, closed years).
-- The rules are enforced by the ledger code first; the constraints and triggers here are
-- the second line, for any path that bypasses it.

CREATE TABLE accounts (
    id               uuid PRIMARY KEY,
    code             text NOT NULL UNIQUE CHECK (code ~ '^[0-9A-Z][0-9A-Z-]{0,19}$'),
    name             text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    account_type     text NOT NULL
                     CHECK (account_type IN ('asset', 'liability', 'equity', 'income', 'expense')),
    subtype          text NOT NULL CHECK (subtype ~ '^[a-z][a-z_]{0,49}$'),
    cash_flow_class  text CHECK (cash_flow_class IN ('operating', 'investing', 'financing')),
    parent_id        uuid REFERENCES accounts (id),
    is_header        boolean NOT NULL DEFAULT false,
    is_system        boolean NOT NULL DEFAULT false,
    role             text UNIQUE CHECK (role ~ '^[a-z][a-z0-9_]{0,49}$'),
    description      text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
    archived_at      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS DISTINCT FROM id)
);
CREATE INDEX accounts_parent ON accounts (parent_id);

CREATE TABLE journal_entries (
    id                 uuid PRIMARY KEY,
    entry_number       bigint NOT NULL UNIQUE CHECK (entry_number > 0),
    entry_date         date NOT NULL,
    description        text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
    source_type        text NOT NULL CHECK (source_type ~ '^[a-z][a-z0-9_]{0,49}$'),
    source_id          uuid,
    idempotency_key    text UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    reverses_entry_id  uuid UNIQUE REFERENCES journal_entries (id),
    created_by         uuid NOT NULL,
    posted_at          timestamptz NOT NULL,
    line_count         integer NOT NULL CHECK (line_count >= 2),
    total              numeric(18, 2) NOT NULL CHECK (total > 0),
    previous_hash      text NOT NULL CHECK (previous_hash ~ '^[0-9a-f]{64}$'),
    hash               text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);
CREATE INDEX journal_entries_by_date ON journal_entries (entry_date, entry_number);
CREATE INDEX journal_entries_by_source ON journal_entries (source_type, source_id);

-- entry_date and entry_number repeat the entry's, so one index serves a ledger page.
CREATE TABLE journal_lines (
    entry_id      uuid NOT NULL REFERENCES journal_entries (id),
    line_number   integer NOT NULL CHECK (line_number >= 1),
    account_id    uuid NOT NULL REFERENCES accounts (id),
    entry_date    date NOT NULL,
    entry_number  bigint NOT NULL,
    debit         numeric(18, 2) NOT NULL CHECK (debit >= 0),
    credit        numeric(18, 2) NOT NULL CHECK (credit >= 0),
    memo          text NOT NULL DEFAULT '' CHECK (length(memo) <= 500),
    party_type    text CHECK (party_type ~ '^[a-z][a-z_]{0,29}$'),
    party_id      uuid,
    PRIMARY KEY (entry_id, line_number),
    CHECK ((debit > 0) <> (credit > 0)),
    CHECK ((party_type IS NULL) = (party_id IS NULL))
);
CREATE INDEX journal_lines_ledger ON journal_lines (account_id, entry_date, entry_number, line_number)
    INCLUDE (debit, credit);
CREATE INDEX journal_lines_party ON journal_lines (party_type, party_id) WHERE party_id IS NOT NULL;

-- Balanced, checked at commit: the lines of an entry must add up to the totals its header
-- declares, debits equal credits, and carry the header's date and number. A line added to
-- an entry in a later transaction breaks the count and is refused the same way.
CREATE FUNCTION ledger_assert_entry_balanced(target uuid) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    header record;
    lines record;
BEGIN
    SELECT line_count, total, entry_date, entry_number INTO header
    FROM journal_entries WHERE id = target;
    SELECT count(*) AS n, coalesce(sum(debit), 0) AS debits, coalesce(sum(credit), 0) AS credits,
           count(*) FILTER (WHERE entry_date <> header.entry_date
                               OR entry_number <> header.entry_number) AS misplaced
    INTO lines
    FROM journal_lines WHERE entry_id = target;
    IF lines.debits <> lines.credits THEN
        RAISE EXCEPTION 'journal entry % is not balanced: debits %, credits %',
            target, lines.debits, lines.credits
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_balanced';
    END IF;
    IF lines.n <> header.line_count OR lines.debits <> header.total OR lines.misplaced > 0 THEN
        RAISE EXCEPTION 'journal entry % lines do not match its header (% lines, total %)',
            target, lines.n, lines.debits
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_complete';
    END IF;
END;
$$;

CREATE FUNCTION ledger_check_entry() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM ledger_assert_entry_balanced(NEW.id);
    RETURN NULL;
END;
$$;

CREATE FUNCTION ledger_check_line() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM ledger_assert_entry_balanced(NEW.entry_id);
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER journal_entry_balanced AFTER INSERT ON journal_entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_entry();
CREATE CONSTRAINT TRIGGER journal_line_balanced AFTER INSERT ON journal_lines
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_line();

-- Posted means final: corrections are reversals, never edits.
CREATE FUNCTION ledger_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on %: %', TG_OP, TG_TABLE_NAME, TG_ARGV[0]
        USING ERRCODE = 'object_not_in_prerequisite_state';
END;
$$;

CREATE TRIGGER journal_entries_immutable BEFORE UPDATE OR DELETE ON journal_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_reject_change('posted journal entries are immutable; post a reversal instead');
CREATE TRIGGER journal_entries_no_truncate BEFORE TRUNCATE ON journal_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change('posted journal entries are immutable');
CREATE TRIGGER journal_lines_immutable BEFORE UPDATE OR DELETE ON journal_lines
    FOR EACH ROW EXECUTE FUNCTION ledger_reject_change('posted journal entries are immutable; post a reversal instead');
CREATE TRIGGER journal_lines_no_truncate BEFORE TRUNCATE ON journal_lines
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change('posted journal entries are immutable');

-- An account that has postings keeps its type and stays postable.
CREATE FUNCTION ledger_guard_account_change() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF (NEW.account_type <> OLD.account_type OR (NEW.is_header AND NOT OLD.is_header))
       AND EXISTS (SELECT 1 FROM journal_lines WHERE account_id = OLD.id) THEN
        RAISE EXCEPTION 'account % has postings: its type cannot change', OLD.code
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER accounts_guard_change BEFORE UPDATE ON accounts
    FOR EACH ROW EXECUTE FUNCTION ledger_guard_account_change();

-- The head of the tenant's hash chain. Posting locks this row, so entries are numbered
-- and chained one after another, and period changes wait for postings in flight.
CREATE TABLE ledger_chain (
    singleton          boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last_entry_number  bigint NOT NULL CHECK (last_entry_number >= 0),
    last_hash          text NOT NULL CHECK (last_hash ~ '^[0-9a-f]{64}$')
);

-- Stored balances, written in the posting transaction. A balance as of a date is the sum
-- of the whole months before it plus the days of its own month, so a trial balance reads
-- at most (accounts x (months + 31)) rows however long the history.
CREATE TABLE ledger_daily_totals (
    account_id  uuid NOT NULL REFERENCES accounts (id),
    day         date NOT NULL,
    debit       numeric NOT NULL,
    credit      numeric NOT NULL,
    line_count  bigint NOT NULL,
    PRIMARY KEY (account_id, day)
);
CREATE INDEX ledger_daily_totals_by_day ON ledger_daily_totals (day, account_id) INCLUDE (debit, credit);

CREATE TABLE ledger_monthly_totals (
    account_id  uuid NOT NULL REFERENCES accounts (id),
    month       date NOT NULL CHECK (extract(day FROM month) = 1),
    debit       numeric NOT NULL,
    credit      numeric NOT NULL,
    line_count  bigint NOT NULL,
    PRIMARY KEY (account_id, month)
);
CREATE INDEX ledger_monthly_totals_by_month ON ledger_monthly_totals (month, account_id)
    INCLUDE (debit, credit);

-- Who moved the lock date, when, from what to what. Append-only.
CREATE TABLE ledger_lock_date_changes (
    id             uuid PRIMARY KEY,
    changed_at     timestamptz NOT NULL,
    changed_by     uuid NOT NULL,
    old_lock_date  date,
    new_lock_date  date,
    reason         text NOT NULL DEFAULT '' CHECK (length(reason) <= 500)
);
CREATE INDEX ledger_lock_date_changes_by_time ON ledger_lock_date_changes (changed_at);

CREATE TRIGGER ledger_lock_date_changes_append_only BEFORE UPDATE OR DELETE ON ledger_lock_date_changes
    FOR EACH ROW EXECUTE FUNCTION ledger_reject_change('the lock date audit is append-only');

CREATE TABLE ledger_closed_years (
    year_start        date PRIMARY KEY,
    year_end          date NOT NULL UNIQUE CHECK (year_end > year_start),
    closed_at         timestamptz NOT NULL,
    closed_by         uuid NOT NULL,
    closing_entry_id  uuid REFERENCES journal_entries (id)
);
