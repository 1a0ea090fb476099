-- Purchases: suppliers, expense categories with their dated VAT treatment, expenses (paid now)
-- and bills (on credit) with their lines, supplier payments and their allocations to bills,
-- supplier credits, and the gapless numbers of posted documents.
-- Money is in ZMW to the ngwee (numeric(18, 2)); line amounts the tax engine computes keep
-- its 4 decimals (numeric(22, 4)).
-- (Numbered 0012: 0011 is taken by another branch.)

CREATE TABLE expense_categories (
    id                  uuid PRIMARY KEY,
    code                text NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9_]{0,49}$'),
    name                text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    kind                text NOT NULL CHECK (kind IN ('expense', 'cost_of_sales', 'fixed_asset')),
    account_id          uuid NOT NULL REFERENCES accounts (id),
    income_tax_deductible boolean NOT NULL DEFAULT true,
    archived_at         timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX expense_categories_by_name ON expense_categories (lower(name), id);

-- A category's VAT treatment over a span of dates (diesel: standard before 2019, 90% after).
CREATE TABLE expense_category_vat_treatments (
    category_id      uuid NOT NULL REFERENCES expense_categories (id) ON DELETE CASCADE,
    effective_from   date NOT NULL,
    effective_to     date,
    treatment        text NOT NULL CHECK (treatment IN ('standard', 'zero', 'exempt', 'none', 'restricted')),
    claimable_share  numeric(5, 4) NOT NULL DEFAULT 1 CHECK (claimable_share BETWEEN 0 AND 1),
    PRIMARY KEY (category_id, effective_from),
    CHECK (effective_to IS NULL OR effective_to >= effective_from),
    CHECK (treatment = 'restricted' OR claimable_share = 1)
);

CREATE TABLE suppliers (
    id                   uuid PRIMARY KEY,
    name                 text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    tpin                 text CHECK (tpin ~ '^[0-9]{10}$'),
    vat_registered       boolean NOT NULL DEFAULT false,
    phone                text CHECK (phone ~ '^\+260[0-9]{9}$'),
    email                text CHECK (length(email) <= 254),
    payment_terms_days   integer NOT NULL DEFAULT 30 CHECK (payment_terms_days BETWEEN 0 AND 365),
    default_category_id  uuid REFERENCES expense_categories (id),
    wht_type             text CHECK (length(wht_type) BETWEEN 1 AND 50),
    resident             boolean NOT NULL DEFAULT true,
    archived_at          timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX suppliers_by_name ON suppliers (lower(name), id);
CREATE INDEX suppliers_by_tpin ON suppliers (tpin) WHERE tpin IS NOT NULL;
CREATE INDEX suppliers_by_phone ON suppliers (phone) WHERE phone IS NOT NULL;

CREATE TABLE purchase_number_sequences (
    document_type  text PRIMARY KEY CHECK (document_type IN ('expense', 'bill', 'supplier_payment', 'supplier_credit')),
    last_number    bigint NOT NULL CHECK (last_number >= 0)
);

-- An expense (paid now) or a bill (on credit). Its status moves draft → submitted →
-- approved → posted (→ void by reversal); partly paid and paid are what a posted bill's
-- payments and credits make of it.
CREATE TABLE purchases (
    id                     uuid PRIMARY KEY,
    kind                   text NOT NULL CHECK (kind IN ('expense', 'bill')),
    status                 text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'posted', 'void')),
    number                 text UNIQUE,
    sequence_number        bigint,
    supplier_id            uuid REFERENCES suppliers (id),
    document_date          date NOT NULL,
    due_date               date NOT NULL CHECK (due_date >= document_date),
    supplier_reference     text NOT NULL DEFAULT '' CHECK (length(supplier_reference) <= 100),
    payment_method         text CHECK (payment_method IN ('cash', 'bank', 'wallet', 'card', 'staff')),
    paid_from_account_id   uuid REFERENCES accounts (id),
    paid_by_user_id        uuid,
    prices_include_vat     boolean NOT NULL,
    supply_kind            text NOT NULL CHECK (supply_kind IN ('local', 'imported_service', 'import')),
    zra_receipt_number     text CHECK (length(zra_receipt_number) BETWEEN 1 AND 50),
    sdc_id                 text CHECK (length(sdc_id) BETWEEN 1 AND 50),
    zra_qr                 text CHECK (length(zra_qr) BETWEEN 1 AND 1000),
    customs_entry_number   text CHECK (length(customs_entry_number) BETWEEN 1 AND 50),
    import_vat             numeric(18, 2) NOT NULL DEFAULT 0 CHECK (import_vat >= 0),
    claim_input_vat        boolean,
    notes                  text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    total_taxable          numeric(22, 4) NOT NULL DEFAULT 0,
    total_vat              numeric(22, 4) NOT NULL DEFAULT 0,
    total_amount           numeric(22, 4) NOT NULL DEFAULT 0,
    input_vat_claimable    numeric(18, 2) NOT NULL DEFAULT 0,
    vat_cost               numeric(18, 2) NOT NULL DEFAULT 0,
    reverse_charge_vat     numeric(18, 2) NOT NULL DEFAULT 0,
    vat_reason             text,
    amount_due             numeric(18, 2) NOT NULL DEFAULT 0 CHECK (amount_due >= 0),
    amount_paid            numeric(18, 2) NOT NULL DEFAULT 0 CHECK (amount_paid >= 0),
    amount_credited        numeric(18, 2) NOT NULL DEFAULT 0 CHECK (amount_credited >= 0),
    journal_entry_id       uuid REFERENCES journal_entries (id),
    reversal_entry_id      uuid REFERENCES journal_entries (id),
    reimbursement_entry_id uuid REFERENCES journal_entries (id),
    rejection_reason       text CHECK (length(rejection_reason) <= 500),
    idempotency_key        text UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    created_by             uuid NOT NULL,
    submitted_by           uuid,
    submitted_at           timestamptz,
    approved_by            uuid,
    approved_at            timestamptz,
    posted_by              uuid,
    posted_at              timestamptz,
    voided_at              timestamptz,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'posted') <= (number IS NOT NULL AND journal_entry_id IS NOT NULL)),
    CHECK (kind = 'bill' OR payment_method IS NOT NULL),
    CHECK (kind = 'expense' OR supplier_id IS NOT NULL),
    CHECK (amount_paid + amount_credited <= amount_due)
);
CREATE INDEX purchases_by_date ON purchases (kind, document_date DESC, id DESC);
CREATE INDEX purchases_by_supplier ON purchases (supplier_id, document_date);
CREATE INDEX purchases_by_status ON purchases (kind, status, document_date DESC, id DESC);
-- The listing's search matches the start of the number or of the supplier's reference.
CREATE INDEX purchases_by_number_prefix ON purchases (lower(number) text_pattern_ops);
CREATE INDEX purchases_by_reference_prefix ON purchases (lower(supplier_reference) text_pattern_ops);

CREATE TABLE purchase_lines (
    purchase_id      uuid NOT NULL REFERENCES purchases (id) ON DELETE CASCADE,
    line_number      integer NOT NULL CHECK (line_number >= 1),
    category_id      uuid NOT NULL REFERENCES expense_categories (id),
    account_id       uuid NOT NULL REFERENCES accounts (id),
    description      text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 500),
    quantity         numeric(22, 4) NOT NULL CHECK (quantity > 0),
    unit_price       numeric(22, 4) NOT NULL CHECK (unit_price >= 0),
    stated_vat       numeric(22, 4),
    tax_category     text NOT NULL,
    vat_rate         numeric(6, 2) NOT NULL DEFAULT 0,
    treatment        text NOT NULL,
    claimable_share  numeric(5, 4) NOT NULL,
    total_amount     numeric(22, 4) NOT NULL DEFAULT 0,
    taxable_amount   numeric(22, 4) NOT NULL DEFAULT 0,
    vat_amount       numeric(22, 4) NOT NULL DEFAULT 0,
    PRIMARY KEY (purchase_id, line_number)
);
CREATE INDEX purchase_lines_by_category ON purchase_lines (category_id, purchase_id);

CREATE TABLE supplier_payments (
    id                     uuid PRIMARY KEY,
    number                 text NOT NULL UNIQUE,
    supplier_id            uuid NOT NULL REFERENCES suppliers (id),
    payment_date           date NOT NULL,
    method                 text NOT NULL CHECK (method IN ('cash', 'bank', 'wallet', 'card')),
    paid_from_account_id   uuid NOT NULL REFERENCES accounts (id),
    amount_cleared         numeric(18, 2) NOT NULL CHECK (amount_cleared > 0),
    wht_amount             numeric(18, 2) NOT NULL DEFAULT 0 CHECK (wht_amount >= 0),
    wht_type               text,
    amount_paid            numeric(18, 2) NOT NULL CHECK (amount_paid >= 0),
    reference              text NOT NULL DEFAULT '' CHECK (length(reference) <= 100),
    journal_entry_id       uuid NOT NULL REFERENCES journal_entries (id),
    idempotency_key        text UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    created_by             uuid NOT NULL,
    created_at             timestamptz NOT NULL DEFAULT now(),
    CHECK (amount_paid + wht_amount = amount_cleared)
);
CREATE INDEX supplier_payments_by_supplier ON supplier_payments (supplier_id, payment_date);

CREATE TABLE supplier_payment_allocations (
    payment_id  uuid NOT NULL REFERENCES supplier_payments (id),
    bill_id     uuid NOT NULL REFERENCES purchases (id),
    amount      numeric(18, 2) NOT NULL CHECK (amount > 0),
    wht_amount  numeric(18, 2) NOT NULL DEFAULT 0 CHECK (wht_amount >= 0),
    PRIMARY KEY (payment_id, bill_id)
);
CREATE INDEX supplier_payment_allocations_by_bill ON supplier_payment_allocations (bill_id);

CREATE TABLE supplier_credits (
    id                uuid PRIMARY KEY,
    number            text NOT NULL UNIQUE,
    supplier_id       uuid NOT NULL REFERENCES suppliers (id),
    bill_id           uuid NOT NULL REFERENCES purchases (id),
    credit_date       date NOT NULL,
    amount            numeric(18, 2) NOT NULL CHECK (amount > 0),
    reason            text NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
    supplier_reference text NOT NULL DEFAULT '' CHECK (length(supplier_reference) <= 100),
    journal_entry_id  uuid NOT NULL REFERENCES journal_entries (id),
    idempotency_key   text UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    created_by        uuid NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX supplier_credits_by_bill ON supplier_credits (bill_id);
CREATE INDEX supplier_credits_by_supplier ON supplier_credits (supplier_id, credit_date);

-- Receipts kept as evidence, in Blob Storage under tenant_<id>/receipts/ (§1.4: 6 years).
CREATE TABLE receipts (
    id                   uuid PRIMARY KEY,
    purchase_id          uuid NOT NULL REFERENCES purchases (id),
    receipt_type         text NOT NULL CHECK (receipt_type IN ('jpeg', 'png', 'heic', 'pdf')),
    content_type         text NOT NULL CHECK (content_type IN ('image/jpeg', 'application/pdf')),
    file_name            text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    size_bytes           integer NOT NULL CHECK (size_bytes > 0),
    sha256               text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    width                integer,
    height               integer,
    blob_name            text NOT NULL UNIQUE,
    thumbnail_blob_name  text UNIQUE,
    retain_until         date NOT NULL,
    uploaded_by          uuid NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    UNIQUE (purchase_id, sha256)
);
CREATE INDEX receipts_by_purchase ON receipts (purchase_id, created_at);
