"""Reading Airtel Money statement exports (CSV and XLSX) into wallet transactions. Pure.

Airtel's merchant-portal export layout for Zambia is not published (reference §9), so the
header row is found and its columns mapped by alias, never by position:

- the Zambian customer statement: `Date & Time | Details | Credited | Debited | Balance`, the
  transaction id in parentheses in the date cell (`05/01/26 10:22 AM (MP260105.1022.A00001)`)
  or in the details, `--` for an empty credit/debit;
- the "AIRTEL MONEY STATEMENT" layout: `Transaction ID | Date | Description | Status |
  Transaction Amount | Credit/Debit | Fee | Balance` (and Airtel's typo `Transation ID`);
- IntelliFin's own export of the Transactions Summary: `airtel_money_id, created_at, direction,
  amount, charges, status, service_type, counterparty_name, counterparty_msisdn, reference`.

Every row that cannot be read is listed (line, column, what is wrong); the caller imports
nothing while any is. A file that is not CSV or XLSX, or has no recognisable header, is
refused as a whole.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from shared_code.mobile_money.model import (
    CAT,
    ZERO,
    Direction,
    MalformedRow,
    Status,
    WalletTransaction,
    normalise_msisdn,
    parse_amount,
    parse_status,
)
from shared_code.platform.errors import FieldError

MAX_ROWS = 200_000
HEADER_SEARCH_ROWS = 30

ALIASES: dict[str, tuple[str, ...]] = {
    "id": (
        "airtel_money_id",
        "transaction id",
        "transation id",
        "trans id",
        "tid",
        "txn id",
        "transaction_id",
        "receipt no",
    ),
    "time": ("created_at", "date & time", "date and time", "date/time", "transaction date", "date", "time"),
    "details": ("details", "description", "narration", "reference", "reference_number", "remarks"),
    "credit": ("credited", "credit", "paid in", "money in", "credit amount"),
    "debit": ("debited", "debit", "withdrawn", "paid out", "money out", "debit amount"),
    "amount": ("amount", "transaction amount"),
    "sign": ("credit/debit", "dr/cr", "cr/dr", "direction", "type of entry"),
    "fee": ("fee", "charges", "charge", "service charge"),
    "status": ("status", "transaction status"),
    "service": ("service_type", "service type", "transaction type", "type"),
    "name": ("counterparty_name", "counterparty", "name", "party"),
    "msisdn": ("counterparty_msisdn", "msisdn", "mobile number", "phone", "number", "account"),
}
_ID_IN_TEXT = re.compile(r"\(?\b([A-Z]{2}[0-9]{6}\.[0-9]{4}\.[A-Z][0-9]{5})\b\)?")
_DATE_FORMATS = (
    "%d/%m/%y %I:%M %p",
    "%d/%m/%Y %I:%M %p",
    "%d-%m-%y %I:%M %p",
    "%d-%m-%Y %I:%M %p",
    "%d/%m/%y %H:%M",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d-%m-%Y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%d %b %Y %H:%M",
    "%d %b %Y %I:%M %p",
    "%d/%m/%y",
    "%d/%m/%Y",
    "%Y-%m-%d",
)


class StatementUnreadable(ValueError):
    """The file as a whole cannot be read as a statement."""


@dataclass(frozen=True)
class ParsedRow:
    """A statement row read as a transaction."""

    line: int
    """1-based line (CSV) or row number (XLSX) in the file."""
    transaction: WalletTransaction


@dataclass(frozen=True)
class ParsedStatement:
    """What a statement holds."""

    file_format: str
    """`csv` or `xlsx`."""
    rows: list[ParsedRow]
    problems: list[FieldError]
    """Every row that cannot be read: `rows.<line>.<column>`."""
    total: int
    """Data rows in the file (blank lines and summary lines not counted)."""


def _norm(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text or "").strip().lower().replace("\ufeff", ""))


def _cells_csv(data: bytes) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise StatementUnreadable("The file is not text (CSV) or an Excel workbook (XLSX).") from None
    if "\x00" in text:
        raise StatementUnreadable("The file is not text (CSV) or an Excel workbook (XLSX).")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _cells_xlsx(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise StatementUnreadable(f"The workbook cannot be opened: {error}") from None
    sheet = workbook.worksheets[0] if workbook.worksheets else None
    if sheet is None:
        raise StatementUnreadable("The workbook has no sheet.")
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _columns(header: Sequence[Any]) -> dict[str, int]:
    names = [_norm(cell) for cell in header]
    found: dict[str, int] = {}
    for key, aliases in ALIASES.items():
        for alias in aliases:
            if alias in names and names.index(alias) not in found.values():
                found[key] = names.index(alias)
                break
    return found


def _header(cells: list[list[Any]]) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(cells[:HEADER_SEARCH_ROWS]):
        columns = _columns(row)
        has_money = "amount" in columns or "credit" in columns or "debit" in columns
        if "time" in columns and has_money:
            return index, columns
    raise StatementUnreadable(
        "No header row with a date and an amount (or Credited/Debited) column was found in the first "
        f"{HEADER_SEARCH_ROWS} rows. Export the statement as CSV or XLSX from the Airtel app or merchant portal."
    )


def parse_when(value: Any) -> datetime:
    """A statement's date and time (read in Zambia's time)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=CAT)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=CAT)
    text = str(value or "")
    if "(" in text or "\n" in text or "  " in text:
        text = re.sub(r"\s+", " ", _ID_IN_TEXT.sub("", text).replace("\n", " "))
    text = text.strip()
    if not text:
        raise MalformedRow("the date is empty")
    try:
        parsed = datetime.fromisoformat(text)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=CAT)
    except ValueError:
        pass
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text.upper() if "%p" in pattern else text, pattern).replace(tzinfo=CAT)
        except ValueError:
            continue
    raise MalformedRow(f"{text!r} is not a date and time")


def _cell(row: Sequence[Any], columns: dict[str, int], key: str) -> Any:
    index = columns.get(key)
    return row[index] if index is not None and index < len(row) else None


def _row(row: Sequence[Any], columns: dict[str, int], merchant_msisdn: str) -> WalletTransaction:
    """One data row; raises `_Problem` naming the column."""
    raw_id = _cell(row, columns, "id")
    airtel_id = str(raw_id).strip() if raw_id not in (None, "") else ""
    if not airtel_id:
        found = _ID_IN_TEXT.search(" ".join(str(cell) for cell in row if cell is not None))
        airtel_id = found.group(1) if found else ""
    if not airtel_id:
        raise _Problem("id", "missing_transaction_id", "The row has no Airtel transaction id.")
    try:
        occurred_at = parse_when(_cell(row, columns, "time"))
    except MalformedRow as error:
        raise _Problem("time", "invalid_date", str(error)) from None
    try:
        credit = parse_amount(_cell(row, columns, "credit"), "credit") if "credit" in columns else ZERO
        debit = parse_amount(_cell(row, columns, "debit"), "debit") if "debit" in columns else ZERO
        amount_cell = _cell(row, columns, "amount")
        fee = parse_amount(_cell(row, columns, "fee"), "fee")
    except MalformedRow as error:
        raise _Problem("amount", "invalid_amount", str(error)) from None
    sign = _norm(_cell(row, columns, "sign"))
    if credit and debit:
        raise _Problem("amount", "credit_and_debit", "The row is both credited and debited.")
    if credit or debit:
        direction, amount = (Direction.IN, credit) if credit else (Direction.OUT, debit)
    elif amount_cell not in (None, ""):
        text = str(amount_cell).strip()
        negative = text.startswith("-") or (not isinstance(amount_cell, str) and amount_cell < 0)
        try:
            amount = parse_amount(text.lstrip("-+"), "amount")
        except MalformedRow as error:
            raise _Problem("amount", "invalid_amount", str(error)) from None
        if sign in ("credit", "cr", "c", "in"):
            direction = Direction.IN
        elif sign in ("debit", "dr", "d", "out"):
            direction = Direction.OUT
        else:
            direction = Direction.OUT if negative else Direction.IN
    else:
        raise _Problem("amount", "missing_amount", "The row has no amount.")
    if amount <= 0:
        raise _Problem("amount", "missing_amount", "The row has no amount.")
    status_cell = _cell(row, columns, "status")
    status = parse_status(status_cell) if status_cell not in (None, "") else Status.SUCCESS
    if status is None:
        raise _Problem("status", "invalid_status", f"{status_cell!r} is not a status Airtel uses.")
    details = str(_cell(row, columns, "details") or "").strip()
    if "(" in details:
        details = _ID_IN_TEXT.sub("", details).strip()
    name = str(_cell(row, columns, "name") or "").strip()
    msisdn_cell = _cell(row, columns, "msisdn")
    msisdn = normalise_msisdn(str(msisdn_cell)) if msisdn_cell not in (None, "") else None
    if msisdn is None:
        found_number = re.search(r"(?<![0-9])(?:260|0)?((?:97|77|57|96|76|95|75)[0-9]{7})(?![0-9])", details)
        msisdn = found_number.group(1) if found_number else None
    if msisdn == merchant_msisdn:
        msisdn = None
    service = str(_cell(row, columns, "service") or "").strip().upper() or "STATEMENT"
    return WalletTransaction(
        airtel_id=airtel_id[:100],
        occurred_at=occurred_at,
        direction=direction,
        amount=amount,
        charges=fee,
        status=status,
        service_type=service[:40],
        counterparty_name=(name or details)[:200],
        counterparty_msisdn=msisdn,
        reference=details[:500],
        partner_id=None,
    )


class _Problem(Exception):
    def __init__(self, column: str, code: str, message: str) -> None:
        super().__init__(message)
        self.column, self.code, self.message = column, code, message


def _is_blank(row: Iterable[Any]) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in row)


_SUMMARY = re.compile(r"^(total|opening balance|closing balance|summary|page \d+)", re.IGNORECASE)


def detect_format(file_name: str, data: bytes) -> str:
    """`xlsx` (a zip with an Excel workbook) or `csv`; `StatementUnreadable` for anything else."""
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if data[:5] == b"%PDF-":
        raise StatementUnreadable(
            "PDF statements are not read yet (their layout cannot be parsed reliably): export CSV or XLSX instead."
        )
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise StatementUnreadable("Old .xls workbooks are not read: save the statement as .xlsx or .csv.")
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        raise StatementUnreadable("The file is named .xlsx but is not an Excel workbook.")
    return "csv"


def parse_statement(file_name: str, data: bytes, merchant_msisdn: str) -> ParsedStatement:
    """Every row of the statement, and every problem with its rows."""
    if not data.strip():
        raise StatementUnreadable("The file is empty.")
    file_format = detect_format(file_name, data)
    cells = _cells_xlsx(data) if file_format == "xlsx" else _cells_csv(data)
    header_index, columns = _header(cells)
    rows: list[ParsedRow] = []
    problems: list[FieldError] = []
    total = 0
    for index in range(header_index + 1, len(cells)):
        row = cells[index]
        if _is_blank(row) or _SUMMARY.match(str(row[0] or "").strip()):
            continue
        total += 1
        if total > MAX_ROWS:
            raise StatementUnreadable(f"The statement has more than {MAX_ROWS} rows; split it by period.")
        line = index + 1
        try:
            rows.append(ParsedRow(line, _row(row, columns, merchant_msisdn)))
        except _Problem as problem:
            problems.append(FieldError(f"rows.{line}.{problem.column}", problem.code, problem.message))
    seen: dict[str, int] = {}
    for parsed in rows:
        first = seen.setdefault(parsed.transaction.airtel_id, parsed.line)
        if first != parsed.line:
            problems.append(
                FieldError(
                    f"rows.{parsed.line}.id",
                    "duplicate_transaction_id",
                    f"Transaction {parsed.transaction.airtel_id} is on line {first} too.",
                )
            )
    if total == 0:
        raise StatementUnreadable("The statement has a header but no transactions.")
    return ParsedStatement(file_format, rows, problems, total)
