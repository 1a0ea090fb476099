-- Fiscalisation: one submission per issued sales document (invoice, credit note, debit note),
-- sent to the branch's VSDC one at a time in the order the documents were issued.
-- The exact request text is stored before the first attempt and replayed unchanged on every
-- retry (a rebuild happens only after the VSDC refused the content, when nothing was recorded).
-- (Numbered 0010: 0006 is sales history, 0007 documents, 0008 zra settings, 0009 reporting.)

CREATE TABLE zra_submissions (
    id                uuid PRIMARY KEY,
    position          bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    document_type     text NOT NULL CHECK (document_type IN ('invoice', 'credit_note', 'debit_note')),
    document_id       uuid NOT NULL,
    document_number   text NOT NULL CHECK (length(document_number) BETWEEN 1 AND 50),
    branch_id         text NOT NULL CHECK (branch_id ~ '^[0-9]{3}$'),
    submitted_by      uuid NOT NULL,
    status            text NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'fiscalised', 'rejected')),
    request           text,
    attempts          integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at   timestamptz NOT NULL DEFAULT now(),
    last_result_code  text,
    last_error        text CHECK (length(last_error) <= 1000),
    receipt           jsonb,
    created_at        timestamptz NOT NULL DEFAULT now(),
    fiscalised_at     timestamptz,
    UNIQUE (document_type, document_id),
    UNIQUE (branch_id, document_number),
    CHECK ((status = 'fiscalised') = (receipt IS NOT NULL))
);
CREATE INDEX zra_submissions_waiting ON zra_submissions (branch_id, position) WHERE status = 'pending';

-- One sender per branch at a time: a lease, taken and renewed by the sender, so that two
-- workers never interleave a branch's receipts (ZRA numbers them in the order they arrive).
CREATE TABLE zra_branch_leases (
    branch_id     text PRIMARY KEY CHECK (branch_id ~ '^[0-9]{3}$'),
    holder        uuid,
    leased_until  timestamptz NOT NULL DEFAULT '-infinity'
);
