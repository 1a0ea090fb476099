-- A tenant's own settings (numbering formats, invoice terms, feature switches), as JSON
-- values under stable keys. Every tenant schema starts with this.

CREATE TABLE organization_settings (
    key         text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_.]{0,99}$'),
    value       jsonb NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
