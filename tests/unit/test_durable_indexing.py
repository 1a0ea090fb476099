"""Finding orchestrators and activities in an indexed app, and df's payload codec."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import azure.durable_functions as df
import azure.functions as func
import pytest
from azure.functions.decorators.function_app import Function

from local_runtime.durable_context import DfJsonDataConverter
from local_runtime.durable_index import collect_durable_functions


def _index(bp: df.Blueprint) -> list[Function]:
    app = df.DFApp(http_auth_level=func.AuthLevel.ANONYMOUS)
    app.register_functions(bp)
    functions: list[Function] = app.get_functions()
    return functions


class Period:
    """A custom payload type, encoded by df through to_json/from_json."""

    def __init__(self, year: int, month: int) -> None:
        self.year = year
        self.month = month

    def to_json(self) -> dict[str, int]:
        return {"year": self.year, "month": self.month}

    @classmethod
    def from_json(cls, data: dict[str, int]) -> Period:
        return cls(data["year"], data["month"])


def test_names_come_from_the_function_or_the_trigger_override() -> None:
    bp = df.Blueprint()

    @bp.orchestration_trigger(context_name="context")
    def onboarding(context: Any) -> Generator[Any, Any, Any]:
        yield context.call_activity("welcome")

    @bp.orchestration_trigger(context_name="context", orchestration="report_generation", input_type=Period)
    def generate_report(context: Any) -> Generator[Any, Any, Any]:
        yield context.call_activity("render")

    @bp.activity_trigger(input_name="organization")
    def welcome(organization: dict[str, Any]) -> str:
        return "sent"

    @bp.activity_trigger(input_name="request", activity="render")
    async def render_pdf(request: dict[str, Any]) -> str:
        return "pdf"

    @bp.timer_trigger(arg_name="timer", schedule="0 0 2 * * *")
    def nightly(timer: func.TimerRequest) -> None:
        return None

    found = collect_durable_functions(_index(bp))

    assert set(found.orchestrators) == {"onboarding", "report_generation"}
    assert set(found.activities) == {"welcome", "render"}
    assert found.orchestrators["onboarding"].function.__name__ == "onboarding"
    assert found.orchestrators["report_generation"].input_type is Period
    assert found.activities["render"].input_name == "request"


def test_an_activity_needing_more_than_its_input_is_refused_at_start() -> None:
    bp = df.Blueprint()

    @bp.activity_trigger(input_name="expense")
    def notify(expense: dict[str, Any], mailer: Any) -> None:
        return None

    with pytest.raises(ValueError, match="activity 'notify' needs parameter 'mailer'"):
        collect_durable_functions(_index(bp))


def test_a_name_used_twice_is_refused() -> None:
    bp = df.Blueprint()

    @bp.orchestration_trigger(context_name="context", orchestration="approval")
    def approval_orchestrator(context: Any) -> None:
        return None

    @bp.activity_trigger(input_name="payload", activity="approval")
    def approval_activity(payload: Any) -> None:
        return None

    with pytest.raises(ValueError, match="two durable functions are named 'approval'"):
        collect_durable_functions(_index(bp))


def test_payloads_round_trip_through_dfs_own_codec() -> None:
    converter = DfJsonDataConverter()

    encoded = converter.serialize({"period": Period(2026, 11), "amount": "1160.00"})
    decoded = converter.deserialize(encoded)

    assert encoded is not None
    assert '"__class__": "Period"' in encoded
    assert isinstance(decoded["period"], Period)
    assert (decoded["period"].year, decoded["period"].month) == (2026, 11)
    assert converter.serialize(None) is None
    assert converter.deserialize(None) is None
