"""Property tests over random balanced journals across two fiscal years, with reversals and
a year-end close: the statements' identities hold to the ngwee whatever was posted."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared_code.ledger import closing, service
from shared_code.ledger.accounts import whole_chart
from shared_code.ledger.posting import DraftLine, JournalDraft
from shared_code.platform.clock import FixedClock
from shared_code.platform.db import Database
from shared_code.reporting.default_layouts import DEFAULT_LAYOUTS
from shared_code.reporting.model import Framework, StatementKind
from shared_code.reporting.periods import Span
from shared_code.reporting.reading import StatementSet
from shared_code.reporting.validation import validate_layout
from tests.integration.ledger_books import ACCOUNTANT, open_books

# Every kind of account a trading company touches, but not retained or current-year
# earnings: their change must come from the result alone.
CODES = ["1010", "1100", "1150", "1180", "1200", "1300", "1400", "1520", "1590", "2010", "2100", "2270", "2510",
         "3010", "3030", "4010", "4100", "5010", "6100", "6220", "7010", "8010"]  # fmt: skip
START = date(2025, 1, 1)

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("90000.00"), places=2)
lines = st.lists(st.tuples(st.sampled_from(CODES), amounts), min_size=1, max_size=4)
post = st.tuples(st.just("post"), st.integers(0, 729), lines, st.sampled_from(CODES))
reverse = st.tuples(st.just("reverse"), st.integers(0, 729), st.integers(0, 1000), st.booleans())
steps = st.lists(st.one_of(post, post, post, reverse), min_size=1, max_size=20)
ZERO = (Decimal("0.00"),)


def _draft(day: int, debits: list[tuple[str, Decimal]], credit_code: str, ids: dict[str, UUID]) -> JournalDraft:
    total = sum((amount for _, amount in debits), Decimal("0"))
    return JournalDraft(
        entry_date=START + timedelta(days=day),
        description=f"Random entry on day {day}",
        lines=(*(DraftLine(ids[c], debit=a) for c, a in debits), DraftLine(ids[credit_code], credit=total)),
    )


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=steps, framework=st.sampled_from(list(Framework)))
def test_the_statements_identities_hold_for_any_journal(db: Database, sequence, framework: Framework) -> None:
    books = open_books(db)
    posted: list[UUID] = []
    for step in sequence:
        with books.db.unit_of_work(books.tenant) as uow:
            if step[0] == "post":
                entry = service.post_entry(uow, _draft(step[1], step[2], step[3], books.ids), posted_by=ACCOUNTANT)
            elif posted:
                target = posted[step[2] % len(posted)]
                original_entry = service.get_entry(uow, target)
                if original_entry.reversed_by_entry_id is not None or original_entry.reverses_entry_id is not None:
                    continue
                original = original_entry.entry_date
                when = max(original, START + timedelta(days=step[1])) if step[3] else None
                entry = service.reverse_entry(uow, target, posted_by=ACCOUNTANT, entry_date=when)
            else:
                continue
            uow.commit()
        posted.append(entry.id)
    with books.uow() as uow:
        closing.close_fiscal_year(
            uow, date(2025, 12, 31), closed_by=ACCOUNTANT, clock=FixedClock(datetime(2027, 1, 5, tzinfo=UTC))
        )

    years = [
        Span(date(2025, 1, 1), date(2025, 12, 31), "current"),
        Span(date(2026, 1, 1), date(2026, 12, 31), "current"),
    ]
    across = Span(date(2025, 7, 1), date(2026, 6, 30), "current")
    reference = framework.value
    with books.db.read_snapshot(books.tenant) as uow:
        statements = StatementSet(uow)
        for layout in DEFAULT_LAYOUTS.values():
            assert validate_layout(layout, whole_chart(uow)) == [], layout.name

        def equity_at(day: date) -> tuple[Decimal, Decimal]:
            position = statements.statement(StatementKind.FINANCIAL_POSITION, Span(None, day, "current"), [], reference)
            assert position.statement.checks["difference"] == ZERO  # assets = liabilities + equity
            earnings = sum(
                (
                    r.amounts[0]
                    for r in position.statement.rows
                    if r.key in {"retained_earnings", "current_year_earnings"}
                ),
                Decimal(0),
            )
            return position.statement.checks["equity"][0], earnings

        for span in [*years, across]:
            assert span.start is not None
            flows = statements.statement(StatementKind.CASH_FLOWS, span, [], reference)
            assert flows.statement.checks["difference"] == ZERO  # the cash-flow identity, to the ngwee
            assert flows.statement.row("net_change").amounts == flows.statement.checks["net_change"]
            profit = statements.statement(StatementKind.PROFIT_AND_LOSS, span, ["previous_period"], reference)
            result = profit.statement.row("profit_for_the_period").amounts[0]
            assert (result,) == profit.statement.checks["profit"][:1]
            equity = statements.changes_in_equity(span, reference)
            opening_equity, opening_earnings = equity_at(span.start - timedelta(days=1))
            closing_equity, closing_earnings = equity_at(span.end)
            assert equity.statement.total("closing") == closing_equity
            assert equity.statement.total("opening") == opening_equity
            assert equity.statement.total("profit") == result
            assert closing_earnings - opening_earnings == result  # profit = change in retained + current-year
