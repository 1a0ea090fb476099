"""Azure Service Bus: the relay's transport in Azure, and dead-letter listing and replay.

Service Bus itself cannot run on one machine (its emulator needs Docker), so this module
is the narrow seam that tests replace with a fake client; everything around it (the
relay, the handlers, the queue triggers) runs for real.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from shared_code.platform.db import Row
from shared_code.platform.messaging import Message

CONNECTION_SETTING = "ServiceBusConnection"
"""The app-setting prefix the queue triggers bind to (identity-based in Azure)."""


def service_bus_client(namespace: str) -> Any:
    """A ServiceBusClient for `namespace` authenticated with the app's managed identity."""
    from azure.identity import DefaultAzureCredential
    from azure.servicebus import ServiceBusClient

    return ServiceBusClient(namespace, DefaultAzureCredential())


def to_service_bus_message(message: Message) -> Any:
    """The Service Bus form of a message: JSON body, our id as message id (duplicate detection)."""
    from azure.servicebus import ServiceBusMessage

    return ServiceBusMessage(
        message.to_json(),
        message_id=str(message.id),
        content_type="application/json",
        subject=message.message_type,
        application_properties={
            "message_type": message.message_type,
            "tenant_id": str(message.tenant_id) if message.tenant_id else "",
        },
    )


@dataclass
class ServiceBusTransport:
    """Sends relayed outbox messages to their Service Bus queues, one batch per queue."""

    client: Any

    def send(self, conn: psycopg.Connection[Row], messages: Sequence[Message]) -> None:
        """Send `messages`; raises (and the relay rolls back) if any queue refuses."""
        by_queue: dict[str, list[Message]] = defaultdict(list)
        for message in messages:
            by_queue[message.queue].append(message)
        for queue, batch in by_queue.items():
            with self.client.get_queue_sender(queue_name=queue) as sender:
                sender.send_messages([to_service_bus_message(message) for message in batch])


@dataclass(frozen=True)
class ServiceBusDeadLetter:
    """A message in a queue's dead-letter sub-queue."""

    message_id: str
    message_type: str
    reason: str | None
    description: str | None
    delivery_count: int | None


@dataclass
class ServiceBusDeadLetters:
    """List and replay the dead-letter sub-queue of a Service Bus queue."""

    client: Any

    def list(self, queue: str, limit: int = 100) -> list[ServiceBusDeadLetter]:
        """Peek (without removing) up to `limit` dead letters of `queue`."""
        from azure.servicebus import ServiceBusSubQueue

        with self.client.get_queue_receiver(queue_name=queue, sub_queue=ServiceBusSubQueue.DEAD_LETTER) as receiver:
            peeked = receiver.peek_messages(max_message_count=limit)
        return [
            ServiceBusDeadLetter(
                message_id=str(item.message_id),
                message_type=str(item.subject or ""),
                reason=item.dead_letter_reason,
                description=item.dead_letter_error_description,
                delivery_count=item.delivery_count,
            )
            for item in peeked
        ]

    def replay(self, queue: str, message_id: str | None = None, limit: int = 100) -> int:
        """Send dead letters of `queue` (one, or up to `limit`) back to it; returns how many.

        Each is completed in the dead-letter queue only after its copy was sent, so a crash
        can duplicate a message (handlers are idempotent) but never lose one.
        """
        from azure.servicebus import ServiceBusSubQueue

        replayed = 0
        with (
            self.client.get_queue_receiver(
                queue_name=queue, sub_queue=ServiceBusSubQueue.DEAD_LETTER, max_wait_time=5
            ) as receiver,
            self.client.get_queue_sender(queue_name=queue) as sender,
        ):
            for item in receiver.receive_messages(max_message_count=limit, max_wait_time=5):
                if message_id is not None and str(item.message_id) != message_id:
                    receiver.abandon_message(item)
                    continue
                sender.send_messages(to_service_bus_message(Message.from_json(b"".join(item.body))))
                receiver.complete_message(item)
                replayed += 1
        return replayed
