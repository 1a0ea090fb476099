"""Service Bus queue triggers: each hands its message to the handler registry."""

from __future__ import annotations

import azure.functions as func

bp = func.Blueprint()

SERVICE_BUS_CONNECTION = "ServiceBusConnection"


def handle_queue_message(message: func.ServiceBusMessage) -> None:
    """Dispatch one Service Bus message to its handler; raising makes Service Bus retry it."""
    from shared_code.bootstrap import get_services
    from shared_code.platform.messaging import Message

    parsed = Message.from_json(message.get_body(), attempts=message.delivery_count or 1)
    get_services().handlers.dispatch(parsed)


@bp.function_name("notifications_queue")
@bp.service_bus_queue_trigger(arg_name="message", queue_name="notifications", connection=SERVICE_BUS_CONNECTION)
def notifications_queue(message: func.ServiceBusMessage) -> None:
    """E-mail (and later SMS and in-app) notifications."""
    handle_queue_message(message)
