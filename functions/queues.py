"""Service Bus queue triggers: one per queue a capability consumes, each handing its
message to the handler registry."""

from __future__ import annotations

import azure.functions as func

from shared_code.capabilities import CAPABILITIES

bp = func.Blueprint()

SERVICE_BUS_CONNECTION = "ServiceBusConnection"


def handle_queue_message(message: func.ServiceBusMessage) -> None:
    """Dispatch one Service Bus message to its handler; raising makes Service Bus retry it."""
    from shared_code.bootstrap import get_services
    from shared_code.platform.messaging import Message

    parsed = Message.from_json(message.get_body(), attempts=message.delivery_count or 1)
    get_services().handlers.dispatch(parsed)


def queue_function_name(queue: str) -> str:
    """The trigger's function name: a queue may be `mobile-money`; a function name is an identifier."""
    return f"{queue.replace('-', '_')}_queue"


def _register_queue_trigger(queue: str) -> None:
    def trigger(message: func.ServiceBusMessage) -> None:
        handle_queue_message(message)

    name = queue_function_name(queue)
    trigger.__name__ = name
    trigger.__doc__ = f"Messages of the `{queue}` queue."
    bp.function_name(name)(
        bp.service_bus_queue_trigger(arg_name="message", queue_name=queue, connection=SERVICE_BUS_CONNECTION)(trigger)
    )


for _queue in sorted({queue for capability in CAPABILITIES for queue in capability.queues}):
    _register_queue_trigger(_queue)
