"""Fault injection: make the sandbox VSDC fail the way a real one does, on purpose.

A plan is a list of rules; each names a mode, the path it applies to (`*` for every VSDC
path) and either a `count` (fail the next N matching calls) or a `rate` (fail each matching
call with that probability, from a seeded generator so a run can be repeated). Count rules
fire first; then one roll per call walks the rate rules.

Modes, and whether the call was recorded:

| mode | what the client sees | recorded |
| --- | --- | --- |
| `timeout` | nothing for `delay_seconds`, then the normal answer (a shorter client timeout gives up) | yes, late |
| `http_500` | HTTP 500 with Tomcat's HTML error page | no |
| `result_838` | `resultCd` 838, cannot reach the Smart Invoice server | no |
| `result_910` | `resultCd` 910, a request parameter error (a refusal: the CIS must not retry as is) | no |
| `not_json` | HTTP 200 with an HTML page (a proxy or a stopped VSDC application) | no |
| `drop_after_record` | the connection closes without an answer | yes |
| `missing_fields` | `000` whose `data` lacks `rcptSign` and `intrlData` | yes |
"""

from __future__ import annotations

import random
import threading
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

MODES = ("timeout", "http_500", "result_838", "result_910", "not_json", "drop_after_record", "missing_fields")
NOT_PROCESSED = frozenset({"http_500", "result_838", "result_910", "not_json"})
"""Modes that answer before the VSDC looks at the request."""


class PlanError(ValueError):
    """A fault plan that cannot be followed."""


@dataclass
class Rule:
    """One way to fail."""

    mode: str
    path: str = "/trnsSales/saveSales"
    rate: float | None = None
    count: int | None = None
    delay_seconds: float = 35.0
    fired: int = 0

    def matches(self, path: str) -> bool:
        """Whether the rule applies to a call of `path`."""
        return self.path in ("*", path)


@dataclass
class FaultPlan:
    """The rules in force and the generator their rates roll with."""

    rules: list[Rule] = field(default_factory=list)
    seed: int = 0
    _random: random.Random = field(default_factory=random.Random, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def replace(self, body: Any) -> None:
        """Install the plan of an admin request `{rules: [...], seed}`; `PlanError` if malformed."""
        if not isinstance(body, dict) or not isinstance(body.get("rules", []), list):
            raise PlanError("send {rules: [{mode, path, rate | count, delay_seconds}], seed}")
        parsed = []
        for index, raw in enumerate(body.get("rules", [])):
            if not isinstance(raw, dict) or raw.get("mode") not in MODES:
                raise PlanError(f"rules[{index}].mode must be one of {', '.join(MODES)}")
            rate, count = raw.get("rate"), raw.get("count")
            if (rate is None) == (count is None):
                raise PlanError(f"rules[{index}] needs exactly one of rate and count")
            if rate is not None and not (isinstance(rate, int | float | Decimal) and 0 <= rate <= 1):
                raise PlanError(f"rules[{index}].rate must be between 0 and 1")
            if count is not None and not (isinstance(count, int) and count >= 0):
                raise PlanError(f"rules[{index}].count must be a whole number")
            parsed.append(
                Rule(
                    mode=raw["mode"],
                    path=str(raw.get("path", "/trnsSales/saveSales")),
                    rate=float(rate) if rate is not None else None,
                    count=count,
                    delay_seconds=float(raw.get("delay_seconds", 35.0)),
                )
            )
        total = sum(rule.rate or 0.0 for rule in parsed)
        if total > 1:
            raise PlanError("the rates add up to more than 1")
        with self._lock:
            self.rules = parsed
            self.seed = int(body.get("seed", 0))
            self._random = random.Random(self.seed)  # noqa: S311 (repeatable faults, not security)

    def pick(self, path: str) -> Rule | None:
        """The rule that fails this call of `path`, if any (and count it)."""
        with self._lock:
            for rule in self.rules:
                if rule.count is not None and rule.count > rule.fired and rule.matches(path):
                    rule.fired += 1
                    return rule
            rated = [rule for rule in self.rules if rule.rate is not None and rule.matches(path)]
            if not rated:
                return None
            roll = self._random.random()
            for rule in rated:
                assert rule.rate is not None
                if roll < rule.rate:
                    rule.fired += 1
                    return rule
                roll -= rule.rate
            return None

    def describe(self) -> dict[str, Any]:
        """The plan as the admin endpoint shows it, with how often each rule fired."""
        with self._lock:
            return {"seed": self.seed, "rules": [asdict(rule) for rule in self.rules]}
