"""The layout validator: a layout is usable only if it places every account exactly once.

Pure. Every problem is listed at once, each with a stable code and the field path of the
line it concerns, so an editor can show it in place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from shared_code.ledger.model import Account
from shared_code.platform.errors import FieldError
from shared_code.reporting.model import KEY, STATEMENT_FIGURES, Figure, Layout, Line, covers

MAX_LINES = 300
"""The most sections and lines one layout holds."""


@dataclass(frozen=True)
class Placement:
    """Which line takes each account of a valid layout."""

    line_of_account: dict[UUID, str]
    """Account id → line key."""
    line_of_figure: dict[Figure, str]
    """Figure → line key."""
    order: tuple[str, ...]
    """Subtotal keys in an order where each comes after every line its formula names."""


def validate_layout(layout: Layout, accounts: Iterable[Account]) -> list[FieldError]:
    """Every problem with `layout` against the organization's chart (empty if usable)."""
    problems: list[FieldError] = []
    nodes = list(layout.walk())
    if len(nodes) > MAX_LINES:
        problems.append(FieldError("sections", "layout_too_large", f"At most {MAX_LINES} sections and lines."))
    if not layout.name.strip() or len(layout.name) > 200:
        problems.append(FieldError("name", "name_invalid", "A name of 1 to 200 characters."))
    paths: dict[str, str] = {}
    for path, _, node in nodes:
        if not KEY.match(node.key):
            problems.append(FieldError(f"{path}.key", "line_key_invalid", "Lower-case letters, digits and _."))
        elif node.key in paths:
            problems.append(
                FieldError(
                    f"{path}.key", "line_key_duplicate", f"`{node.key}` is used twice (also at {paths[node.key]})."
                )
            )
        else:
            paths[node.key] = path
        if not node.label.strip() or len(node.label) > 200:
            problems.append(FieldError(f"{path}.label", "label_invalid", "A label of 1 to 200 characters."))
        if isinstance(node, Line):
            problems.extend(_line_shape_problems(path, node, layout))
    lines = {line.key: (path, line) for path, line in layout.lines()}
    for path, line in layout.lines():
        for index, term in enumerate(line.formula):
            if term.line not in lines:
                problems.append(
                    FieldError(f"{path}.formula.{index}", "formula_unknown_line", f"No line `{term.line}`.")
                )
    problems.extend(_cycle_problems(lines))
    problems.extend(_placement_problems(layout, accounts))
    return problems


def _line_shape_problems(path: str, line: Line, layout: Layout) -> list[FieldError]:
    problems: list[FieldError] = []
    if line.sign not in (1, -1):
        problems.append(FieldError(f"{path}.sign", "sign_invalid", "The sign is 1 or -1."))
    if any(term.sign not in (1, -1) for term in line.formula):
        problems.append(FieldError(f"{path}.formula", "sign_invalid", "A formula term's sign is 1 or -1."))
    if line.formula and (line.include or line.exclude or line.figures):
        problems.append(FieldError(path, "line_kind_invalid", "A line takes accounts or is a subtotal, not both."))
    if not line.formula and not line.include and not line.figures:
        problems.append(FieldError(path, "line_empty", "A line takes accounts, figures or a formula."))
    if any(match.is_empty for match in (*line.include, *line.exclude)):
        problems.append(FieldError(path, "match_empty", "Each account selection names at least one criterion."))
    for figure in sorted(line.figures - STATEMENT_FIGURES[layout.kind]):
        problems.append(FieldError(f"{path}.figures", "figure_not_allowed", f"`{figure}` is not in this statement."))
    return problems


def _cycle_problems(lines: dict[str, tuple[str, Line]]) -> list[FieldError]:
    state: dict[str, int] = {}
    problems: list[FieldError] = []

    def visit(key: str, trail: list[str]) -> None:
        state[key] = 1
        for term in lines[key][1].formula:
            if term.line not in lines:
                continue
            if state.get(term.line) == 1:
                cycle = [*trail[trail.index(term.line) :], term.line] if term.line in trail else [key, term.line]
                problems.append(
                    FieldError(f"{lines[key][0]}.formula", "formula_cycle", "The formula loops: " + " → ".join(cycle))
                )
            elif term.line not in state:
                visit(term.line, [*trail, term.line])
        state[key] = 2

    for key in lines:
        if key not in state:
            visit(key, [key])
    return problems


def _placement_problems(layout: Layout, accounts: Iterable[Account]) -> list[FieldError]:
    problems: list[FieldError] = []
    taking = [(path, line) for path, line in layout.lines() if not line.is_subtotal]
    for account in sorted(accounts, key=lambda a: a.code):
        if not covers(layout.kind, account):
            continue
        places = [path for path, line in taking if line.takes(account)]
        if not places:
            problems.append(
                FieldError("sections", "account_unmapped", f"Account {account.code} {account.name} is in no line.")
            )
        elif len(places) > 1:
            problems.append(
                FieldError(
                    places[1],
                    "account_mapped_twice",
                    f"Account {account.code} {account.name} is in more than one line: {', '.join(places)}.",
                )
            )
    for figure in sorted(STATEMENT_FIGURES[layout.kind]):
        places = [path for path, line in taking if figure in line.figures]
        if not places:
            problems.append(FieldError("sections", "figure_unmapped", f"`{figure}` is in no line."))
        elif len(places) > 1:
            problems.append(FieldError(places[1], "figure_mapped_twice", f"`{figure}` is in more than one line."))
    return problems


def placement(layout: Layout, accounts: Iterable[Account]) -> Placement:
    """Where a layout places each account and figure, and the subtotals' evaluation order.

    Call only on a layout `validate_layout` found no problem with.
    """
    taking = [line for _, line in layout.lines() if not line.is_subtotal]
    line_of_account: dict[UUID, str] = {}
    for account in accounts:
        if covers(layout.kind, account):
            line_of_account[account.id] = next(line.key for line in taking if line.takes(account))
    line_of_figure = {figure: line.key for line in taking for figure in line.figures}
    lines = {line.key: line for _, line in layout.lines()}
    order: list[str] = []
    done: set[str] = set()

    def visit(key: str) -> None:
        if key in done:
            return
        done.add(key)
        for term in lines[key].formula:
            visit(term.line)
        if lines[key].is_subtotal:
            order.append(key)

    for key in lines:
        visit(key)
    return Placement(line_of_account, line_of_figure, tuple(order))
