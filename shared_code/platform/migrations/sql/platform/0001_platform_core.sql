-- The platform schema: the tenant registry and the messaging tables (outbox and local queue).

CREATE TABLE tenants (
    id           uuid PRIMARY KEY,
    schema_name  text NOT NULL UNIQUE CHECK (schema_name ~ '^tenant_[0-9a-f]{32}$'),
    status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deleting', 'deleted')),
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- Written by services in the same transaction as their own change; the relay moves each
-- row to its queue (Service Bus in Azure, queue_messages on one machine) exactly once.
CREATE TABLE outbox_messages (
    id             uuid PRIMARY KEY,
    queue          text NOT NULL CHECK (queue ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    message_type   text NOT NULL CHECK (length(message_type) BETWEEN 1 AND 200),
    payload        jsonb NOT NULL,
    tenant_id      uuid,
    created_at     timestamptz NOT NULL DEFAULT now(),
    dispatched_at  timestamptz
);
CREATE INDEX outbox_messages_pending ON outbox_messages (created_at) WHERE dispatched_at IS NULL;

-- The PostgreSQL-backed queue of the local runtime. A worker claims a message by moving
-- visible_at past now() (a lease); a worker that dies leaves the message to reappear.
CREATE TABLE queue_messages (
    id            uuid PRIMARY KEY,
    queue         text NOT NULL,
    message_type  text NOT NULL,
    payload       jsonb NOT NULL,
    tenant_id     uuid,
    enqueued_at   timestamptz NOT NULL DEFAULT now(),
    visible_at    timestamptz NOT NULL DEFAULT now(),
    attempts      integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    status        text NOT NULL DEFAULT 'ready' CHECK (status IN ('ready', 'dead')),
    last_error    text,
    dead_at       timestamptz
);
CREATE INDEX queue_messages_ready ON queue_messages (queue, visible_at) WHERE status = 'ready';
CREATE INDEX queue_messages_dead ON queue_messages (dead_at) WHERE status = 'dead';

-- Handler idempotency: a handler's effects and this row commit together, so a message
-- delivered twice has its effect once.
CREATE TABLE processed_messages (
    message_id    uuid NOT NULL,
    handler       text NOT NULL,
    processed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, handler)
);
