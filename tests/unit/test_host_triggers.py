"""The local host calls timer and queue functions with the same objects Azure passes."""

from __future__ import annotations

import threading
import time
from typing import Any
from uuid import uuid4

import azure.functions as func
import pytest

from local_runtime.host import IndexedFunction, TimerRunner, queue_deliverer
from shared_code.platform.messaging import Message, PermanentMessageError


def test_timers_fire_on_their_ncrontab_schedule_with_a_timer_request() -> None:
    calls: list[Any] = []
    fired = threading.Event()

    def tick(timer: func.TimerRequest) -> None:
        calls.append(timer)
        if len(calls) >= 2:
            fired.set()

    runner = TimerRunner([IndexedFunction("tick", "timerTrigger", {"schedule": "* * * * * *"}, tick, None)])
    started = time.monotonic()
    runner.start()
    try:
        assert fired.wait(5)
    finally:
        runner.stop()
    assert time.monotonic() - started >= 1.0  # once a second, not in a tight loop
    assert all(isinstance(call, func.TimerRequest) and call.past_due is False for call in calls)


def test_a_failing_timer_keeps_its_schedule() -> None:
    calls: list[int] = []
    fired = threading.Event()

    def broken(timer: func.TimerRequest) -> None:
        calls.append(1)
        if len(calls) >= 2:
            fired.set()
        raise RuntimeError("boom")

    runner = TimerRunner([IndexedFunction("broken", "timerTrigger", {"schedule": "* * * * * *"}, broken, None)])
    runner.start()
    try:
        assert fired.wait(5)
    finally:
        runner.stop()


def test_queue_messages_reach_the_function_bound_to_their_queue() -> None:
    received: list[func.ServiceBusMessage] = []
    deliver = queue_deliverer(
        [
            IndexedFunction(
                "notifications_queue",
                "serviceBusTrigger",
                {"queueName": "notifications"},
                received.append,
                None,
            ),
        ]
    )
    message = Message(
        id=uuid4(), queue="notifications", message_type="email.send", payload={"to": ["a@b.zm"]}, attempts=3
    )
    deliver(message)
    [sb_message] = received
    assert sb_message.message_id == str(message.id)
    assert sb_message.delivery_count == 3
    assert Message.from_json(sb_message.get_body(), attempts=sb_message.delivery_count) == message

    with pytest.raises(PermanentMessageError):
        deliver(Message(id=uuid4(), queue="nobody-listens", message_type="x", payload={}))
