-- Approvals: the organization's versioned approval policy, requests (one per purchase, a new
-- round at each resubmission), their steps with deadlines, the decisions made on them,
-- delegations between approvers, and the append-only audit trail of every event.
-- (Numbered 0015: owned by the approvals branch.)

CREATE TABLE approval_policies (
    version     integer PRIMARY KEY CHECK (version >= 1),
    enabled     boolean NOT NULL,
    document    jsonb NOT NULL,
    created_by  uuid NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE approval_requests (
    id              uuid PRIMARY KEY,
    purchase_id     uuid NOT NULL REFERENCES purchases (id),
    purchase_kind   text NOT NULL CHECK (purchase_kind IN ('expense', 'bill')),
    round           integer NOT NULL DEFAULT 1 CHECK (round >= 1),
    status          text NOT NULL CHECK (status IN ('open', 'approved', 'rejected', 'sent_back', 'withdrawn', 'posted')),
    policy_version  integer NOT NULL,
    rule_name       text NOT NULL,
    amount          numeric(18, 2) NOT NULL,
    submitted_by    uuid NOT NULL,
    drafted_by      uuid NOT NULL,
    last_decided_by uuid,
    current_step    integer NOT NULL DEFAULT 0,
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    decided_at      timestamptz,
    posted_at       timestamptz,
    finished_at     timestamptz,
    posting_key     text UNIQUE,
    UNIQUE (purchase_id)
);
CREATE INDEX approval_requests_unfinished ON approval_requests (created_at) WHERE finished_at IS NULL;

CREATE TABLE approval_steps (
    request_id       uuid NOT NULL REFERENCES approval_requests (id),
    round            integer NOT NULL,
    step_index       integer NOT NULL CHECK (step_index >= 0),
    name             text NOT NULL,
    quorum           text NOT NULL CHECK (quorum IN ('one', 'all')),
    approvers        uuid[] NOT NULL,
    status           text NOT NULL CHECK (status IN ('pending', 'open', 'approved', 'rejected', 'sent_back', 'withdrawn')),
    reminder_hours   numeric(10, 4) NOT NULL,
    escalation_hours numeric(10, 4) NOT NULL,
    opened_at        timestamptz,
    remind_at        timestamptz,
    escalate_at      timestamptz,
    reminded_at      timestamptz,
    escalated_at     timestamptz,
    notified_at      timestamptz,
    PRIMARY KEY (request_id, round, step_index)
);

CREATE TABLE approval_decisions (
    id            uuid PRIMARY KEY,
    request_id    uuid NOT NULL REFERENCES approval_requests (id),
    round         integer NOT NULL,
    step_index    integer NOT NULL,
    decision      text NOT NULL CHECK (decision IN ('approve', 'reject', 'send_back', 'withdraw')),
    decided_by    uuid NOT NULL,
    on_behalf_of  uuid,
    comment       text CHECK (length(comment) <= 2000),
    created_at    timestamptz NOT NULL DEFAULT now(),
    consumed_at   timestamptz
);
CREATE UNIQUE INDEX approval_decisions_once ON approval_decisions (request_id, round, step_index, coalesce(on_behalf_of, decided_by))
    WHERE decision = 'approve';
CREATE INDEX approval_decisions_unconsumed ON approval_decisions (created_at) WHERE consumed_at IS NULL;

CREATE TABLE approval_delegations (
    id           uuid PRIMARY KEY,
    delegator    uuid NOT NULL,
    delegate     uuid NOT NULL CHECK (delegate <> delegator),
    starts_on    date NOT NULL,
    ends_on      date NOT NULL CHECK (ends_on >= starts_on),
    created_by   uuid NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz
);
CREATE INDEX approval_delegations_by_delegator ON approval_delegations (delegator) WHERE revoked_at IS NULL;

-- The audit trail: who, on behalf of whom, what, when, comment. Never changed, never removed.
CREATE TABLE approval_events (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id    uuid NOT NULL REFERENCES approval_requests (id),
    round         integer NOT NULL,
    step_index    integer,
    kind          text NOT NULL,
    actor         uuid,
    on_behalf_of  uuid,
    comment       text,
    data          jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX approval_events_by_request ON approval_events (request_id, id);

CREATE FUNCTION approval_events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on approval_events: the audit trail is append-only', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER approval_events_append_only BEFORE UPDATE OR DELETE ON approval_events
    FOR EACH ROW EXECUTE FUNCTION approval_events_reject_change();
CREATE TRIGGER approval_events_no_truncate BEFORE TRUNCATE ON approval_events
    FOR EACH STATEMENT EXECUTE FUNCTION approval_events_reject_change();
