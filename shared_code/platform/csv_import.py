"""Importing records from CSV with a row-error preview: every row is checked first and each
bad one listed (row number, field, reason), duplicates within the file and of existing
records included; only good rows are saved. Customers and suppliers import this way."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from shared_code.platform.errors import DomainError, FieldError

Record = TypeVar("Record")

MAX_ROWS = 5000
"""The most data rows one file may hold."""


@dataclass(frozen=True)
class RowProblem:
    """Why one row of an import cannot be saved."""

    row: int
    """Its line in the file (the header is line 1)."""
    field: str
    """The column."""
    code: str
    """Stable code."""
    message: str
    """For people."""


@dataclass(frozen=True)
class ImportResult:
    """What an import found, and saved unless it was a preview."""

    rows: int
    """Data rows read."""
    good: int
    """Rows without problems (saved unless a preview)."""
    problems: tuple[RowProblem, ...]
    """Every problem of every bad row."""
    saved: bool
    """False for a preview."""


@dataclass(frozen=True)
class CheckedRows(Generic[Record]):
    """Every row of a file checked: the good records and every problem of the bad rows."""

    rows: int
    good: list[Record]
    problems: list[RowProblem]

    def result(self, *, saved: bool) -> ImportResult:
        """What the import reports."""
        return ImportResult(rows=self.rows, good=len(self.good), problems=tuple(self.problems), saved=saved)


def _refused(code: str, message: str) -> DomainError:
    return DomainError(code=code, title="Not imported.", status=422, errors=[FieldError("csv", code, message)])


def check_rows(
    text: str,
    *,
    parse: Callable[[dict[str, str]], tuple[Record | None, list[FieldError]]],
    keys: Callable[[Record], Sequence[tuple[str, str]]],
    existing_name: Callable[[Record], str | None],
    noun: str,
) -> CheckedRows[Record]:
    """Check every row of `text` (CSV with a header row that has a `name` column).

    `parse` makes a record of a row (or says what is wrong with it); `keys` are the (field,
    value) pairs no two rows may share; `existing_name` names an existing record the row
    looks like. A file without a name column, or over `MAX_ROWS` rows, is refused whole
    (422 `columns_missing` / `too_many_rows`).
    """
    reader = csv.DictReader(io.StringIO(text))
    if "name" not in set(reader.fieldnames or ()):
        raise _refused("columns_missing", "The header row needs a name column.")
    problems: list[RowProblem] = []
    good: list[Record] = []
    seen: dict[tuple[str, str], int] = {}
    count = 0
    for count, row in enumerate(reader, start=1):
        if count > MAX_ROWS:
            raise _refused("too_many_rows", f"At most {MAX_ROWS} rows.")
        line = count + 1
        record, errors = parse(row)
        row_problems = [RowProblem(line, e.field, e.code, e.message) for e in errors]
        if record is not None and not errors:
            for key in keys(record):
                if key in seen:
                    row_problems.append(
                        RowProblem(line, key[0], "duplicate_in_file", f"Same {key[0]} as row {seen[key]}.")
                    )
            name = existing_name(record)
            if name is not None:
                row_problems.append(
                    RowProblem(line, "name", f"duplicate_{noun}", f"Looks like existing {noun} {name}.")
                )
            for key in keys(record):
                seen.setdefault(key, line)
        problems.extend(row_problems)
        if record is not None and not row_problems:
            good.append(record)
    return CheckedRows(rows=count, good=good, problems=problems)
