-- Sales: customers, items, invoices and their lines, credit and debit notes, payments and their
-- allocations to invoices, and the gapless number sequences of issued documents.
-- Amounts a document shows to ZRA keep 4 decimals (numeric(22, 4)); what a customer owes
-- and pays is money in the document's currency, to the ngwee (numeric(18, 2)).
-- (Numbered 0004 so that it does not collide with 0003, taken by another branch.)

CREATE TABLE customers (
    id                  uuid PRIMARY KEY,
    kind                text NOT NULL CHECK (kind IN ('individual', 'business')),
    name                text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    tpin                text CHECK (tpin ~ '^[0-9]{10}$'),
    contact_person      text CHECK (length(contact_person) <= 200),
    phone               text CHECK (phone ~ '^\+260[0-9]{9}$'),
    email               text CHECK (length(email) <= 254),
    address             text CHECK (length(address) <= 500),
    payment_terms_days  integer NOT NULL DEFAULT 30 CHECK (payment_terms_days BETWEEN 0 AND 365),
    currency            text NOT NULL DEFAULT 'ZMW' CHECK (currency ~ '^[A-Z]{3}$'),
    archived_at         timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customers_by_name ON customers (lower(name), id);
CREATE INDEX customers_by_tpin ON customers (tpin) WHERE tpin IS NOT NULL;
CREATE INDEX customers_by_email ON customers (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX customers_by_phone ON customers (phone) WHERE phone IS NOT NULL;

CREATE TABLE items (
    id                   uuid PRIMARY KEY,
    code                 text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$'),
    name                 text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    kind                 text NOT NULL CHECK (kind IN ('goods', 'service')),
    classification_code  text CHECK (classification_code ~ '^[0-9]{8,10}$'),
    unit_code            text NOT NULL DEFAULT 'U' CHECK (length(unit_code) BETWEEN 1 AND 10),
    packaging_code       text NOT NULL DEFAULT 'NT' CHECK (length(packaging_code) BETWEEN 1 AND 10),
    tax_category         text NOT NULL CHECK (tax_category IN ('A', 'B', 'C1', 'C2', 'C3', 'D', 'E', 'RVAT', 'TOT')),
    levy                 text CHECK (levy IN ('TL', 'IPL1', 'IPL2', 'ECM', 'EXEEG')),
    rrp                  numeric(22, 4) CHECK (rrp >= 0),
    default_price        numeric(22, 4) NOT NULL DEFAULT 0 CHECK (default_price >= 0),
    price_includes_vat   boolean NOT NULL DEFAULT true,
    income_account_id    uuid REFERENCES accounts (id),
    stock_tracked        boolean NOT NULL DEFAULT false,
    archived_at          timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CHECK (tax_category <> 'B' OR rrp IS NOT NULL),
    CHECK (kind = 'goods' OR NOT stock_tracked)
);
CREATE INDEX items_by_name ON items (lower(name), id);

-- One row per document type; the row lock taken by the increment is held until the issuing
-- transaction ends, so numbers are gapless (a rolled-back issue gives its number back).
CREATE TABLE number_sequences (
    document_type  text PRIMARY KEY CHECK (document_type IN ('invoice', 'credit_note', 'debit_note')),
    last_number    bigint NOT NULL CHECK (last_number >= 0)
);

CREATE TABLE invoices (
    id                  uuid PRIMARY KEY,
    status              text NOT NULL CHECK (status IN ('draft', 'issued', 'void')),
    customer_id         uuid NOT NULL REFERENCES customers (id),
    number              text UNIQUE,
    sequence_number     bigint UNIQUE CHECK (sequence_number > 0),
    issue_date          date NOT NULL,
    due_date            date NOT NULL CHECK (due_date >= issue_date),
    currency            text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    exchange_rate       numeric(18, 6) NOT NULL CHECK (exchange_rate > 0),
    prices_include_vat  boolean NOT NULL,
    lpo_number          text CHECK (length(lpo_number) BETWEEN 1 AND 50),
    destination_country text CHECK (destination_country ~ '^[A-Z]{2}$'),
    principal_id        text CHECK (length(principal_id) BETWEEN 1 AND 50),
    reference           text NOT NULL DEFAULT '' CHECK (length(reference) <= 100),
    notes               text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    total_taxable       numeric(22, 4) NOT NULL DEFAULT 0,
    total_tax           numeric(22, 4) NOT NULL DEFAULT 0,
    total_amount        numeric(22, 4) NOT NULL DEFAULT 0,
    amount_due          numeric(18, 2) NOT NULL DEFAULT 0 CHECK (amount_due >= 0),
    amount_paid         numeric(18, 2) NOT NULL DEFAULT 0 CHECK (amount_paid >= 0),
    amount_credited     numeric(18, 2) NOT NULL DEFAULT 0 CHECK (amount_credited >= 0),
    amount_debited      numeric(18, 2) NOT NULL DEFAULT 0 CHECK (amount_debited >= 0),
    tax_buckets         jsonb NOT NULL DEFAULT '[]',
    journal_entry_id    uuid REFERENCES journal_entries (id),
    idempotency_key     text UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    created_by          uuid NOT NULL,
    issued_by           uuid,
    issued_at           timestamptz,
    sent_at             timestamptz,
    voided_at           timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'issued') = (number IS NOT NULL AND journal_entry_id IS NOT NULL)),
    CHECK (amount_paid + amount_credited <= amount_due + amount_debited OR status <> 'issued')
);
CREATE INDEX invoices_by_date ON invoices (issue_date DESC, id DESC);
CREATE INDEX invoices_by_customer ON invoices (customer_id, issue_date);

CREATE TABLE invoice_lines (
    invoice_id         uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    line_number        integer NOT NULL CHECK (line_number >= 1),
    item_id            uuid REFERENCES items (id),
    description        text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 500),
    quantity           numeric(22, 4) NOT NULL CHECK (quantity > 0),
    unit_price         numeric(22, 4) NOT NULL CHECK (unit_price >= 0),
    discount_rate      numeric(5, 2) NOT NULL DEFAULT 0 CHECK (discount_rate BETWEEN 0 AND 100),
    tax_category       text NOT NULL,
    levy               text,
    rrp                numeric(22, 4),
    income_account_id  uuid NOT NULL REFERENCES accounts (id),
    supply_amount      numeric(22, 4) NOT NULL DEFAULT 0,
    discount_amount    numeric(22, 4) NOT NULL DEFAULT 0,
    total_amount       numeric(22, 4) NOT NULL DEFAULT 0,
    taxable_amount     numeric(22, 4) NOT NULL DEFAULT 0,
    vat_amount         numeric(22, 4) NOT NULL DEFAULT 0,
    levy_amount        numeric(22, 4) NOT NULL DEFAULT 0,
    PRIMARY KEY (invoice_id, line_number)
);

CREATE TABLE credit_notes (
    id                uuid PRIMARY KEY,
    invoice_id        uuid NOT NULL REFERENCES invoices (id),
    number            text NOT NULL UNIQUE,
    sequence_number   bigint NOT NULL UNIQUE CHECK (sequence_number > 0),
    issue_date        date NOT NULL,
    reason_code       text NOT NULL CHECK (reason_code IN ('01', '02', '03', '04', '05', '06', '07')),
    reason            text NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
    total_taxable     numeric(22, 4) NOT NULL,
    total_tax         numeric(22, 4) NOT NULL,
    total_amount      numeric(22, 4) NOT NULL,
    amount            numeric(18, 2) NOT NULL CHECK (amount > 0),
    tax_buckets       jsonb NOT NULL,
    journal_entry_id  uuid NOT NULL REFERENCES journal_entries (id),
    idempotency_key   text UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    created_by        uuid NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credit_notes_by_invoice ON credit_notes (invoice_id);

CREATE TABLE credit_note_lines (
    credit_note_id       uuid NOT NULL REFERENCES credit_notes (id),
    line_number          integer NOT NULL CHECK (line_number >= 1),
    invoice_line_number  integer NOT NULL,
    quantity             numeric(22, 4) NOT NULL CHECK (quantity > 0),
    total_amount         numeric(22, 4) NOT NULL,
    taxable_amount       numeric(22, 4) NOT NULL,
    vat_amount           numeric(22, 4) NOT NULL,
    levy_amount          numeric(22, 4) NOT NULL,
    PRIMARY KEY (credit_note_id, line_number)
);

-- A debit note charges more against an issued invoice (an omitted item, a wrong quantity or
-- price); its lines are new lines, taxed like an invoice's.
CREATE TABLE debit_notes (
    id                uuid PRIMARY KEY,
    invoice_id        uuid NOT NULL REFERENCES invoices (id),
    number            text NOT NULL UNIQUE,
    sequence_number   bigint NOT NULL UNIQUE CHECK (sequence_number > 0),
    issue_date        date NOT NULL,
    reason_code       text NOT NULL CHECK (reason_code IN ('01', '02', '03', '04')),
    reason            text NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
    total_taxable     numeric(22, 4) NOT NULL,
    total_tax         numeric(22, 4) NOT NULL,
    total_amount      numeric(22, 4) NOT NULL,
    amount            numeric(18, 2) NOT NULL CHECK (amount > 0),
    tax_buckets       jsonb NOT NULL,
    journal_entry_id  uuid NOT NULL REFERENCES journal_entries (id),
    idempotency_key   text UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    created_by        uuid NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX debit_notes_by_invoice ON debit_notes (invoice_id);

CREATE TABLE debit_note_lines (
    debit_note_id      uuid NOT NULL REFERENCES debit_notes (id),
    line_number        integer NOT NULL CHECK (line_number >= 1),
    item_id            uuid REFERENCES items (id),
    description        text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 500),
    quantity           numeric(22, 4) NOT NULL CHECK (quantity > 0),
    unit_price         numeric(22, 4) NOT NULL CHECK (unit_price >= 0),
    discount_rate      numeric(5, 2) NOT NULL DEFAULT 0,
    tax_category       text NOT NULL,
    levy               text,
    income_account_id  uuid NOT NULL REFERENCES accounts (id),
    total_amount       numeric(22, 4) NOT NULL,
    taxable_amount     numeric(22, 4) NOT NULL,
    vat_amount         numeric(22, 4) NOT NULL,
    levy_amount        numeric(22, 4) NOT NULL,
    PRIMARY KEY (debit_note_id, line_number)
);

CREATE TABLE payments (
    id                  uuid PRIMARY KEY,
    customer_id         uuid NOT NULL REFERENCES customers (id),
    payment_date        date NOT NULL,
    method              text NOT NULL CHECK (method IN ('cash', 'bank', 'mobile_money', 'card', 'cheque')),
    kind                text NOT NULL DEFAULT 'receipt' CHECK (kind IN ('receipt', 'refund')),
    amount              numeric(18, 2) NOT NULL CHECK (amount > 0),
    currency            text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    exchange_rate       numeric(18, 6) NOT NULL CHECK (exchange_rate > 0),
    unallocated         numeric(18, 2) NOT NULL CHECK (unallocated >= 0),
    deposit_account_id  uuid NOT NULL REFERENCES accounts (id),
    reference           text NOT NULL DEFAULT '' CHECK (length(reference) <= 100),
    journal_entry_id    uuid NOT NULL REFERENCES journal_entries (id),
    idempotency_key     text UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    created_by          uuid NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (unallocated <= amount)
);
CREATE INDEX payments_by_customer ON payments (customer_id, payment_date);

CREATE TABLE payment_allocations (
    payment_id  uuid NOT NULL REFERENCES payments (id),
    invoice_id  uuid NOT NULL REFERENCES invoices (id),
    amount      numeric(18, 2) NOT NULL CHECK (amount > 0),
    applied_on  date NOT NULL,
    PRIMARY KEY (payment_id, invoice_id)
);
CREATE INDEX payment_allocations_by_invoice ON payment_allocations (invoice_id);
