"""The CSV import's checks, on a record as simple as a name and a phone: every bad row is
listed with its line, field and code; duplicates in the file and of existing records are
problems; a file without a name column or with too many rows is refused whole."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from shared_code.platform import csv_import
from shared_code.platform.csv_import import RowProblem, check_rows
from shared_code.platform.errors import DomainError, FieldError


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str | None


def _parse(row: dict[str, str]) -> tuple[Contact | None, list[FieldError]]:
    name, phone = (row.get("name") or "").strip(), (row.get("phone") or "").strip() or None
    if not name:
        return None, [FieldError("name", "name_required", "A name.")]
    if phone is not None and not phone.isdigit():
        return Contact(name, phone), [FieldError("phone", "phone_invalid", "Digits.")]
    return Contact(name, phone), []


def _check(text: str, existing: frozenset[str] = frozenset()) -> csv_import.CheckedRows[Contact]:
    return check_rows(
        text,
        parse=_parse,
        keys=lambda c: [("phone", c.phone)] if c.phone else [],
        existing_name=lambda c: c.name if c.name in existing else None,
        noun="contact",
    )


def test_every_bad_row_is_listed_and_only_good_rows_are_kept() -> None:
    text = "name,phone\nMwila,0977000001\n,0977000002\nBwalya,09x\nChanda,0977000001\nNsofwa,\nMutale Ltd,0966\n"
    checked = _check(text, existing=frozenset({"Mutale Ltd"}))
    assert checked.rows == 6
    assert [c.name for c in checked.good] == ["Mwila", "Nsofwa"]
    assert checked.problems == [
        RowProblem(3, "name", "name_required", "A name."),
        RowProblem(4, "phone", "phone_invalid", "Digits."),
        RowProblem(5, "phone", "duplicate_in_file", "Same phone as row 2."),
        RowProblem(7, "name", "duplicate_contact", "Looks like existing contact Mutale Ltd."),
    ]
    result = checked.result(saved=False)
    assert (result.rows, result.good, result.saved, len(result.problems)) == (6, 2, False, 4)


def test_a_file_without_a_name_column_is_refused_whole() -> None:
    with pytest.raises(DomainError) as refused:
        _check("phone\n0977000001\n")
    assert (refused.value.code, refused.value.status) == ("columns_missing", 422)
    assert [(e.field, e.code) for e in refused.value.errors] == [("csv", "columns_missing")]


def test_a_file_over_the_row_limit_is_refused_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_import, "MAX_ROWS", 3)
    assert _check("name\na\nb\nc\n").rows == 3
    with pytest.raises(DomainError) as refused:
        _check("name\na\nb\nc\nd\n")
    assert refused.value.code == "too_many_rows"
