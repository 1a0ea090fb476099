-- Financial statements: organizations' statement layouts (every save a new immutable
-- version) and sign-offs of a period's statement set at a ledger head.

CREATE TABLE report_layouts (
    id          uuid PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('profit_and_loss', 'financial_position', 'cash_flows', 'changes_in_equity')),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE report_layout_versions (
    id          uuid PRIMARY KEY,
    layout_id   uuid NOT NULL REFERENCES report_layouts (id),
    version     integer NOT NULL CHECK (version > 0),
    definition  jsonb NOT NULL,
    created_by  uuid NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (layout_id, version)
);

CREATE TRIGGER report_layout_versions_immutable BEFORE UPDATE OR DELETE ON report_layout_versions
    FOR EACH ROW EXECUTE FUNCTION ledger_reject_change('saved layout versions are immutable; save a new version');

CREATE TABLE report_sign_offs (
    id                   uuid PRIMARY KEY,
    date_from            date NOT NULL,
    date_to              date NOT NULL CHECK (date_to >= date_from),
    status               text NOT NULL CHECK (status IN ('reviewed', 'approved')),
    layout_versions      jsonb NOT NULL,
    ledger_entry_number  bigint NOT NULL CHECK (ledger_entry_number >= 0),
    ledger_hash          text NOT NULL,
    note                 text NOT NULL DEFAULT '',
    signed_by            uuid NOT NULL,
    signed_at            timestamptz NOT NULL
);
CREATE INDEX report_sign_offs_by_period ON report_sign_offs (date_to, date_from);

CREATE TRIGGER report_sign_offs_immutable BEFORE UPDATE OR DELETE ON report_sign_offs
    FOR EACH ROW EXECUTE FUNCTION ledger_reject_change('sign-offs are a permanent record');

-- The notes page (basis of preparation, framework, policies): every save a new row, the
-- newest shown, the earlier ones kept as history.
CREATE TABLE report_notes (
    id                    uuid PRIMARY KEY,
    basis_of_preparation  text NOT NULL,
    framework             text NOT NULL CHECK (framework IN ('ifrs_for_smes', 'mse')),
    policies              text NOT NULL,
    saved_by              uuid NOT NULL,
    saved_at              timestamptz NOT NULL
);
CREATE INDEX report_notes_by_time ON report_notes (saved_at DESC);

CREATE TRIGGER report_notes_immutable BEFORE UPDATE OR DELETE ON report_notes
    FOR EACH ROW EXECUTE FUNCTION ledger_reject_change('saved notes are kept; save a new version');
