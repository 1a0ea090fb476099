-- Printed documents: how an organization's PDFs look (layout, accent colour), what they
-- print besides the books (payment details, terms), and every e-mail of a document with its
-- delivery status. The PDFs themselves are in Blob Storage, named by a hash of what they show.

CREATE TABLE document_settings (
    singleton            boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    template             text NOT NULL DEFAULT 'classic' CHECK (template IN ('classic', 'modern', 'compact')),
    accent_colour        text NOT NULL DEFAULT '#1F4E79' CHECK (accent_colour ~ '^#[0-9A-F]{6}$'),
    bank_name            text CHECK (length(bank_name) BETWEEN 1 AND 100),
    bank_branch          text CHECK (length(bank_branch) BETWEEN 1 AND 100),
    bank_account_name    text CHECK (length(bank_account_name) BETWEEN 1 AND 200),
    bank_account_number  text CHECK (length(bank_account_number) BETWEEN 1 AND 34),
    airtel_money_number  text CHECK (airtel_money_number ~ '^\+260[0-9]{9}$'),
    terms                text NOT NULL DEFAULT '' CHECK (length(terms) <= 1000),
    reply_to             text CHECK (length(reply_to) BETWEEN 3 AND 254),
    updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE document_emails (
    id              uuid PRIMARY KEY,
    document_type   text NOT NULL CHECK (document_type IN ('invoice', 'credit_note', 'statement', 'receipt')),
    document_id     uuid NOT NULL,
    recipient       text NOT NULL,
    attachment      text NOT NULL,
    subject         text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    message         text NOT NULL DEFAULT '' CHECK (length(message) <= 5000),
    status          text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
    attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error      text,
    message_id      text,
    queued_by       uuid NOT NULL,
    queued_at       timestamptz NOT NULL,
    sent_at         timestamptz,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX document_emails_by_document ON document_emails (document_type, document_id, queued_at DESC);
