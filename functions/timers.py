"""Timer triggers (NCRONTAB: second minute hour day month day-of-week), one per timer a
capability declares."""

from __future__ import annotations

import azure.functions as func

from shared_code.capabilities import CAPABILITIES
from shared_code.platform.registry import Timer

bp = func.Blueprint()


def _register_timer(declared: Timer) -> None:
    def trigger(timer: func.TimerRequest) -> None:
        from shared_code.bootstrap import get_services

        declared.run(get_services())

    trigger.__name__ = declared.name
    trigger.__doc__ = declared.run.__doc__
    bp.function_name(declared.name)(
        bp.timer_trigger(
            arg_name="timer", schedule=declared.schedule, run_on_startup=False, use_monitor=declared.use_monitor
        )(trigger)
    )


for _capability in CAPABILITIES:
    for _declared in _capability.timers:
        _register_timer(_declared)
