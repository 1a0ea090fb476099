"""The PostgreSQL-backed queue of one machine: leases, retries with backoff, dead letters.

A worker claims one ready message by pushing its `visible_at` past now (the lease) and
commits the claim before running the handler. Success deletes the message; failure
schedules it again after an exponential backoff, or dead-letters it after
`max_attempts`. A worker killed mid-handler simply lets the lease run out: the message
reappears and is delivered again, and the handler's idempotency keeps its effect single.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from shared_code.platform.db import Database
from shared_code.platform.messaging import Message, PermanentMessageError, Transport, relay_outbox

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    """How a failing message is retried."""

    max_attempts: int = 8
    """Deliveries before the message is dead-lettered."""
    backoff_base_seconds: float = 2.0
    """Delay after the first failure; doubles with each further one."""
    backoff_max_seconds: float = 900.0
    """The delay never grows past this."""
    lease_seconds: float = 60.0
    """How long a claimed message stays invisible to other workers."""

    def backoff_seconds(self, attempts: int) -> float:
        """Delay before delivery number `attempts + 1`: base * 2^(attempts-1), capped."""
        return float(min(self.backoff_base_seconds * 2 ** max(attempts - 1, 0), self.backoff_max_seconds))


@dataclass(frozen=True)
class DeadLetter:
    """A message that exhausted its retries or failed permanently."""

    id: UUID
    queue: str
    message_type: str
    tenant_id: UUID | None
    attempts: int
    last_error: str | None
    enqueued_at: datetime
    dead_at: datetime


Deliver = Callable[[Message], None]


class PostgresQueue:
    """Claims, completes, retries and dead-letters messages in `platform.queue_messages`."""

    def __init__(self, db: Database, policy: RetryPolicy) -> None:
        self.db = db
        self.policy = policy

    def claim(self, queues: Sequence[str] | None = None) -> Message | None:
        """Lease the next ready message (of `queues`, if given), or None if there is none."""
        with self.db.connection() as conn:
            conn.rollback()
            row = conn.execute(
                """
                UPDATE platform.queue_messages
                SET visible_at = now() + make_interval(secs => %(lease)s), attempts = attempts + 1
                WHERE id = (
                    SELECT id FROM platform.queue_messages
                    WHERE status = 'ready' AND visible_at <= now()
                      AND (%(queues)s::text[] IS NULL OR queue = ANY(%(queues)s::text[]))
                    ORDER BY visible_at, enqueued_at
                    FOR UPDATE SKIP LOCKED LIMIT 1
                )
                RETURNING id, queue, message_type, payload, tenant_id, attempts
                """,
                {"lease": self.policy.lease_seconds, "queues": list(queues) if queues else None},
            ).fetchone()
            conn.commit()
        return Message.from_row(row) if row else None

    def complete(self, message: Message) -> None:
        """The handler succeeded: remove the message."""
        with self.db.connection() as conn:
            conn.rollback()
            conn.execute(
                "DELETE FROM platform.queue_messages WHERE id = %(id)s AND attempts = %(attempts)s",
                {"id": message.id, "attempts": message.attempts},
            )
            conn.commit()

    def fail(self, message: Message, error: str, *, permanent: bool = False) -> bool:
        """The handler failed: retry later or dead-letter. Returns True if dead-lettered."""
        dead = permanent or message.attempts >= self.policy.max_attempts
        with self.db.connection() as conn:
            conn.rollback()
            if dead:
                conn.execute(
                    """
                    UPDATE platform.queue_messages
                    SET status = 'dead', dead_at = now(), last_error = %(error)s
                    WHERE id = %(id)s
                    """,
                    {"id": message.id, "error": error[:4000]},
                )
            else:
                conn.execute(
                    """
                    UPDATE platform.queue_messages
                    SET visible_at = now() + make_interval(secs => %(delay)s), last_error = %(error)s
                    WHERE id = %(id)s
                    """,
                    {
                        "id": message.id,
                        "error": error[:4000],
                        "delay": self.policy.backoff_seconds(message.attempts),
                    },
                )
            conn.commit()
        return dead

    def process_one(self, deliver: Deliver, queues: Sequence[str] | None = None) -> Message | None:
        """Claim one message and deliver it; returns the message, or None if idle."""
        message = self.claim(queues)
        if message is None:
            return None
        if message.attempts > self.policy.max_attempts:
            self.fail(message, "delivery attempts exhausted; the handler never completed", permanent=True)
            return message
        try:
            deliver(message)
        except PermanentMessageError as error:
            log.error("message %s dead-lettered: %s", message.id, error)
            self.fail(message, f"{type(error).__name__}: {error}", permanent=True)
        except Exception as error:
            dead = self.fail(message, f"{type(error).__name__}: {error}")
            log.warning(
                "message %s (%s) failed on attempt %d%s: %s",
                message.id,
                message.message_type,
                message.attempts,
                ", dead-lettered" if dead else ", will retry",
                error,
            )
        else:
            self.complete(message)
        return message

    def dead_letters(self, queue: str | None = None, limit: int = 100) -> list[DeadLetter]:
        """Dead-lettered messages, newest first."""
        with self.db.connection() as conn:
            rows = conn.execute(
                """
                SELECT id, queue, message_type, tenant_id, attempts, last_error, enqueued_at, dead_at
                FROM platform.queue_messages
                WHERE status = 'dead' AND (%(queue)s::text IS NULL OR queue = %(queue)s)
                ORDER BY dead_at DESC, id LIMIT %(limit)s
                """,
                {"queue": queue, "limit": limit},
            ).fetchall()
            conn.rollback()
        return [DeadLetter(**row) for row in rows]

    def replay(self, message_id: UUID) -> bool:
        """Put a dead letter back on its queue with fresh attempts; False if not dead."""
        with self.db.connection() as conn:
            conn.rollback()
            count = conn.execute(
                """
                UPDATE platform.queue_messages
                SET status = 'ready', attempts = 0, visible_at = now(), dead_at = NULL
                WHERE id = %(id)s AND status = 'dead'
                """,
                {"id": message_id},
            ).rowcount
            conn.commit()
        return count == 1


class QueueWorker:
    """Relays the outbox and works the queue until stopped: the local runtime's consumer."""

    def __init__(
        self,
        queue: PostgresQueue,
        transport: Transport,
        deliver: Deliver,
        *,
        queues: Sequence[str] | None = None,
        idle_seconds: float = 0.25,
    ) -> None:
        self.queue = queue
        self.transport = transport
        self.deliver = deliver
        self.queues = queues
        self.idle_seconds = idle_seconds
        self.stopping = threading.Event()

    def run_once(self) -> bool:
        """Relay pending outbox rows, then handle one message. True if it handled one."""
        relay_outbox(self.queue.db, self.transport)
        return self.queue.process_one(self.deliver, self.queues) is not None

    def run(self) -> None:
        """Work until `stop()`; a failure of the loop itself is logged and retried."""
        while not self.stopping.is_set():
            try:
                busy = self.run_once()
            except Exception:
                log.exception("queue worker loop failed; retrying")
                busy = False
            if not busy:
                self.stopping.wait(self.idle_seconds)

    def stop(self) -> None:
        """Ask the loop to finish after the message in hand."""
        self.stopping.set()
