"""The outbox, its relay and the PostgreSQL queue: retries, backoff, dead letters, replay."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared_code.platform.db import Database
from shared_code.platform.messaging import (
    Message,
    MessageHandlers,
    PermanentMessageError,
    PostgresQueueTransport,
    claim_processing,
    enqueue,
    relay_outbox,
)
from shared_code.platform.queue import PostgresQueue, QueueWorker, RetryPolicy
from shared_code.platform.registry import MessageType

FAST = RetryPolicy(max_attempts=3, backoff_base_seconds=0.0001, backoff_max_seconds=0.0001, lease_seconds=30)


def _queued(db: Database) -> list[dict]:
    with db.connection() as conn:
        rows = conn.execute("SELECT * FROM platform.queue_messages ORDER BY enqueued_at").fetchall()
        conn.rollback()
    return rows


def test_a_message_exists_only_if_its_transaction_commits(db: Database) -> None:
    with db.unit_of_work() as uow:
        enqueue(uow, MessageType("email.send", queue="notifications"), {"to": "a@example.com"})
    with db.unit_of_work() as uow:
        kept = enqueue(uow, MessageType("email.send", queue="notifications"), {"to": "b@example.com"})
        uow.commit()
    assert relay_outbox(db, PostgresQueueTransport()) == 1
    assert [row["id"] for row in _queued(db)] == [kept]
    assert relay_outbox(db, PostgresQueueTransport()) == 0


def test_money_travels_as_strings_and_floats_are_refused(db: Database) -> None:
    with db.unit_of_work() as uow:
        enqueue(uow, MessageType("x", queue="notifications"), {"amount": Decimal("10.50")})
        with pytest.raises(TypeError):
            enqueue(uow, MessageType("x", queue="notifications"), {"amount": 10.5})
        uow.commit()
    relay_outbox(db, PostgresQueueTransport())
    assert _queued(db)[0]["payload"] == {"amount": "10.50"}


def test_a_failing_handler_is_retried_with_backoff_then_dead_lettered_and_replayed(db: Database) -> None:
    queue = PostgresQueue(db, FAST)
    with db.unit_of_work() as uow:
        message_id = enqueue(uow, MessageType("flaky", queue="notifications"), {})
        uow.commit()
    relay_outbox(db, PostgresQueueTransport())
    calls: list[int] = []

    def always_fails(message: Message) -> None:
        calls.append(message.attempts)
        raise ConnectionError("smtp down")

    for _ in range(3):
        import time

        time.sleep(0.01)
        assert queue.process_one(always_fails) is not None
    assert calls == [1, 2, 3]
    [dead] = queue.dead_letters()
    assert dead.id == message_id and dead.attempts == 3 and "smtp down" in (dead.last_error or "")
    assert queue.process_one(always_fails) is None

    assert queue.replay(message_id) is True
    assert queue.replay(message_id) is False
    handled: list[Message] = []
    assert queue.process_one(handled.append) is not None
    assert [m.id for m in handled] == [message_id]
    assert _queued(db) == [] and queue.dead_letters() == []


def test_backoff_doubles_and_is_capped() -> None:
    policy = RetryPolicy(backoff_base_seconds=2, backoff_max_seconds=60)
    assert [policy.backoff_seconds(n) for n in (1, 2, 3, 4, 5, 6, 7)] == [2, 4, 8, 16, 32, 60, 60]


def test_a_failed_message_waits_for_its_backoff(db: Database) -> None:
    queue = PostgresQueue(db, RetryPolicy(max_attempts=5, backoff_base_seconds=300))
    with db.unit_of_work() as uow:
        enqueue(uow, MessageType("flaky", queue="notifications"), {})
        uow.commit()
    relay_outbox(db, PostgresQueueTransport())
    queue.process_one(lambda m: (_ for _ in ()).throw(RuntimeError("no")))
    assert queue.claim() is None
    assert _queued(db)[0]["attempts"] == 1


def test_unknown_message_types_are_dead_lettered_at_once(db: Database) -> None:
    queue = PostgresQueue(db, FAST)
    with db.unit_of_work() as uow:
        enqueue(uow, MessageType("nobody.handles.this", queue="notifications"), {})
        uow.commit()
    relay_outbox(db, PostgresQueueTransport())
    queue.process_one(MessageHandlers().dispatch)
    [dead] = queue.dead_letters()
    assert dead.attempts == 1 and "PermanentMessageError" in (dead.last_error or "")


def test_claim_processing_makes_a_redelivered_message_a_no_op(db: Database) -> None:
    message = Message(id=__import__("uuid").uuid4(), queue="q", message_type="t", payload={})
    results = []
    for _ in range(2):
        with db.unit_of_work() as uow:
            results.append(claim_processing(uow, message.id, "handler"))
            uow.commit()
    assert results == [True, False]


def test_two_workers_never_take_the_same_message(db: Database) -> None:
    queue = PostgresQueue(db, FAST)
    with db.unit_of_work() as uow:
        for n in range(20):
            enqueue(uow, MessageType("count", queue="notifications"), {"n": n})
        uow.commit()
    seen: list[int] = []
    import threading

    lock = threading.Lock()

    def record(message: Message) -> None:
        with lock:
            seen.append(message.payload["n"])

    workers = [QueueWorker(queue, PostgresQueueTransport(), record, idle_seconds=0.01) for _ in range(2)]

    def drain(worker: QueueWorker) -> None:
        idle = 0
        while idle < 5:
            idle = 0 if worker.run_once() else idle + 1

    threads = [threading.Thread(target=drain, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(seen) == list(range(20))


def test_malformed_wire_messages_are_permanent_failures() -> None:
    with pytest.raises(PermanentMessageError):
        Message.from_json(b"{not json")
    with pytest.raises(PermanentMessageError):
        Message.from_json(b'{"id": "nope"}')
    original = Message(id=__import__("uuid").uuid4(), queue="q", message_type="t", payload={"a": "1"})
    assert Message.from_json(original.to_json()) == original
