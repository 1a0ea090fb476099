"""Timer triggers (NCRONTAB: second minute hour day month day-of-week)."""

from __future__ import annotations

import azure.functions as func

bp = func.Blueprint()

OUTBOX_RELAY_SCHEDULE = "*/5 * * * * *"
OUTBOX_PURGE_SCHEDULE = "0 30 2 * * *"


@bp.function_name("outbox_relay")
@bp.timer_trigger(arg_name="timer", schedule=OUTBOX_RELAY_SCHEDULE, run_on_startup=False, use_monitor=False)
def outbox_relay(timer: func.TimerRequest) -> None:
    """Deliver committed outbox messages to their queues."""
    from shared_code.bootstrap import get_services
    from shared_code.platform.messaging import relay_outbox

    services = get_services()
    while relay_outbox(services.db, services.transport) > 0:
        pass


@bp.function_name("outbox_purge")
@bp.timer_trigger(arg_name="timer", schedule=OUTBOX_PURGE_SCHEDULE, run_on_startup=False)
def outbox_purge(timer: func.TimerRequest) -> None:
    """Forget outbox rows delivered more than a week ago."""
    from shared_code.bootstrap import get_services
    from shared_code.platform.messaging import purge_dispatched_outbox

    purge_dispatched_outbox(get_services().db, older_than_days=7)


ORGANIZATION_PURGE_SCHEDULE = "0 15 3 * * *"


@bp.function_name("organization_purge")
@bp.timer_trigger(arg_name="timer", schedule=ORGANIZATION_PURGE_SCHEDULE, run_on_startup=False)
def organization_purge(timer: func.TimerRequest) -> None:
    """Drop the data of organizations whose deletion grace period is over."""
    from shared_code.bootstrap import get_services
    from shared_code.organizations.service import purge_due_organizations

    purge_due_organizations(get_services())
