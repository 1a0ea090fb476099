"""Messages that cause work elsewhere: the outbox, its relay, and the handler contract.

A service that must cause work elsewhere (send an e-mail, fiscalise an invoice) calls
`enqueue` with its own unit of work, so the message exists if and only if its change
commits. The relay moves outbox rows to a transport: Service Bus in Azure, the
PostgreSQL queue (`queue.py`) on one machine. Delivery is at least once; handlers are
made idempotent with `claim_processing`, whose row commits with the handler's effects.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID

import psycopg
from psycopg.types.json import Jsonb

from shared_code.platform.db import Database, Row, UnitOfWork
from shared_code.platform.ids import new_id
from shared_code.platform.registry import MessageType


@dataclass(frozen=True)
class Message:
    """One unit of work for a queue handler."""

    id: UUID
    """Stable across redeliveries: the idempotency key of every handler."""
    queue: str
    """The queue it travels on, e.g. `notifications`."""
    message_type: str
    """What it asks for, e.g. `email.send`; selects the handler."""
    payload: dict[str, Any]
    """JSON body; money as strings, never floats."""
    tenant_id: UUID | None = None
    """The organization it belongs to, if any."""
    attempts: int = 0
    """How many times delivery has been tried, this one included."""

    def to_json(self) -> str:
        """The wire form used on Service Bus."""
        return json.dumps(
            {
                "id": str(self.id),
                "queue": self.queue,
                "message_type": self.message_type,
                "payload": self.payload,
                "tenant_id": str(self.tenant_id) if self.tenant_id else None,
            }
        )

    @classmethod
    def from_json(cls, body: str | bytes, attempts: int = 0) -> Message:
        """Parse the wire form; raises `PermanentMessageError` if it is not one."""
        try:
            data = json.loads(body)
            return cls(
                id=UUID(data["id"]),
                queue=str(data["queue"]),
                message_type=str(data["message_type"]),
                payload=dict(data["payload"]),
                tenant_id=UUID(data["tenant_id"]) if data.get("tenant_id") else None,
                attempts=attempts,
            )
        except (ValueError, KeyError, TypeError) as error:
            raise PermanentMessageError(f"malformed message body: {error}") from error

    @classmethod
    def from_row(cls, row: Row) -> Message:
        """Build from an outbox or queue row."""
        return cls(
            id=row["id"],
            queue=row["queue"],
            message_type=row["message_type"],
            payload=row["payload"],
            tenant_id=row["tenant_id"],
            attempts=row.get("attempts", 0),
        )


class PermanentMessageError(Exception):
    """Retrying cannot help (malformed message, unknown type): dead-letter at once."""


def _json_default(value: object) -> str:
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not allowed in a message payload")


def _to_jsonb(payload: dict[str, Any]) -> Jsonb:
    if any(isinstance(value, float) for value in payload.values()):
        raise TypeError("floats are not allowed in a message payload: use Decimal or str")
    return Jsonb(payload, dumps=lambda obj: json.dumps(obj, default=_json_default))


def enqueue(
    uow: UnitOfWork,
    message_type: MessageType,
    payload: dict[str, Any],
    *,
    tenant_id: UUID | None = None,
) -> UUID:
    """Write a message of `message_type` to the outbox in the caller's transaction; returns its id."""
    message_id = new_id()
    uow.execute(
        """
        INSERT INTO platform.outbox_messages (id, queue, message_type, payload, tenant_id)
        VALUES (%(id)s, %(queue)s, %(type)s, %(payload)s, %(tenant)s)
        """,
        {
            "id": message_id,
            "queue": message_type.queue,
            "type": message_type.name,
            "payload": _to_jsonb(payload),
            "tenant": tenant_id or uow.tenant_id,
        },
    )
    return message_id


class Transport(Protocol):
    """Where the relay delivers outbox messages."""

    def send(self, conn: psycopg.Connection[Row], messages: Sequence[Message]) -> None:
        """Deliver `messages`; `conn` is the relay's open transaction."""
        ...


class PostgresQueueTransport:
    """One machine: the queue is a table in the same database, so relay is atomic."""

    def send(self, conn: psycopg.Connection[Row], messages: Sequence[Message]) -> None:
        """Insert the messages into `platform.queue_messages` in the relay's transaction."""
        with conn.cursor() as cursor:
            cursor.executemany(
                """
                INSERT INTO platform.queue_messages (id, queue, message_type, payload, tenant_id)
                VALUES (%(id)s, %(queue)s, %(type)s, %(payload)s, %(tenant)s)
                ON CONFLICT (id) DO NOTHING
                """,
                [
                    {
                        "id": m.id,
                        "queue": m.queue,
                        "type": m.message_type,
                        "payload": Jsonb(m.payload),
                        "tenant": m.tenant_id,
                    }
                    for m in messages
                ],
            )


def relay_outbox(db: Database, transport: Transport, *, batch_size: int = 100) -> int:
    """Move up to `batch_size` pending outbox messages to `transport`; returns how many.

    Rows are locked with SKIP LOCKED, so several relays can run at once. With the
    PostgreSQL transport the move is one transaction; with Service Bus a crash between
    send and commit sends a message again, which idempotent handlers absorb (and the
    message id lets Service Bus duplicate detection drop it).
    """
    with db.connection() as conn:
        conn.rollback()
        rows = conn.execute(
            """
            SELECT id, queue, message_type, payload, tenant_id FROM platform.outbox_messages
            WHERE dispatched_at IS NULL ORDER BY created_at, id
            FOR UPDATE SKIP LOCKED LIMIT %(limit)s
            """,
            {"limit": batch_size},
        ).fetchall()
        if not rows:
            conn.rollback()
            return 0
        messages = [Message.from_row(row) for row in rows]
        transport.send(conn, messages)
        conn.execute(
            "UPDATE platform.outbox_messages SET dispatched_at = now() WHERE id = ANY(%(ids)s)",
            {"ids": [m.id for m in messages]},
        )
        conn.commit()
        return len(messages)


def purge_dispatched_outbox(db: Database, older_than_days: int = 7) -> int:
    """Delete outbox rows dispatched more than `older_than_days` ago; returns how many."""
    with db.connection() as conn:
        conn.rollback()
        deleted = conn.execute(
            "DELETE FROM platform.outbox_messages WHERE dispatched_at < now() - make_interval(days => %s)",
            [older_than_days],
        ).rowcount
        conn.commit()
        return deleted


def claim_processing(uow: UnitOfWork, message_id: UUID, handler: str) -> bool:
    """Mark `message_id` as processed by `handler` in the caller's transaction.

    Returns False if it already was (a redelivery): the caller skips its effects. The mark
    commits with the handler's effects, so they happen once however often it is delivered.
    A concurrent duplicate waits on the first one's row and then sees it.
    """
    row = uow.fetch_one(
        """
        INSERT INTO platform.processed_messages (message_id, handler) VALUES (%(id)s, %(handler)s)
        ON CONFLICT DO NOTHING RETURNING message_id
        """,
        {"id": message_id, "handler": handler},
    )
    return row is not None


MessageHandler = Callable[[Message], None]


@dataclass
class MessageHandlers:
    """Which handler serves each message type."""

    handlers: dict[str, MessageHandler] = field(default_factory=dict)

    def register(self, message_type: str, handler: MessageHandler) -> None:
        """Serve `message_type` with `handler` (one handler per type)."""
        if message_type in self.handlers:
            raise ValueError(f"a handler for {message_type} is already registered")
        self.handlers[message_type] = handler

    def dispatch(self, message: Message) -> None:
        """Run the handler of `message`; unknown types are permanent failures."""
        handler = self.handlers.get(message.message_type)
        if handler is None:
            raise PermanentMessageError(f"no handler for message type {message.message_type!r}")
        handler(message)
