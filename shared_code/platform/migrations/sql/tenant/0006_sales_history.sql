-- An invoice's history: what happened to it, when and by whom, one row per event, written in
-- the transaction that did it. Rows are never changed or removed.
-- Invoices saved before this migration get their history from what their rows record
-- (created, issued, sent, voided, each payment applied, each credit and debit note); a
-- draft's earlier edits were not recorded and cannot be recovered.

CREATE TABLE invoice_events (
    id             uuid PRIMARY KEY,
    invoice_id     uuid NOT NULL REFERENCES invoices (id),
    event          text NOT NULL CHECK (event IN (
                       'created', 'updated', 'issued', 'sent', 'voided',
                       'payment_applied', 'credit_note_issued', 'debit_note_issued')),
    occurred_at    timestamptz NOT NULL,
    actor_user_id  uuid,
    amount         numeric(18, 2),
    reference      text CHECK (length(reference) <= 200),
    related_id     uuid
);
CREATE INDEX invoice_events_by_invoice ON invoice_events (invoice_id, occurred_at, id);

CREATE FUNCTION invoice_events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'an invoice''s history is never changed';
END;
$$;
CREATE TRIGGER invoice_events_immutable BEFORE UPDATE OR DELETE ON invoice_events
    FOR EACH ROW EXECUTE FUNCTION invoice_events_reject_change();

INSERT INTO invoice_events (id, invoice_id, event, occurred_at, actor_user_id, amount, reference, related_id)
SELECT gen_random_uuid(), id, 'created', created_at, created_by, NULL, NULL, NULL FROM invoices
UNION ALL
SELECT gen_random_uuid(), id, 'issued', issued_at, issued_by, amount_due, number, journal_entry_id
FROM invoices WHERE issued_at IS NOT NULL
UNION ALL
SELECT gen_random_uuid(), id, 'sent', sent_at, NULL, NULL, NULL, NULL FROM invoices WHERE sent_at IS NOT NULL
UNION ALL
SELECT gen_random_uuid(), id, 'voided', voided_at, NULL, NULL, NULL, NULL FROM invoices WHERE voided_at IS NOT NULL
UNION ALL
SELECT gen_random_uuid(), a.invoice_id, 'payment_applied', greatest(p.created_at, a.applied_on::timestamptz), p.created_by, a.amount, p.reference, p.id
FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
UNION ALL
SELECT gen_random_uuid(), invoice_id, 'credit_note_issued', created_at, created_by, amount, number, id FROM credit_notes
UNION ALL
SELECT gen_random_uuid(), invoice_id, 'debit_note_issued', created_at, created_by, amount, number, id FROM debit_notes;
