"""The organization's sales settings: document number formats and default payment terms."""

from __future__ import annotations

from dataclasses import dataclass

from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import FieldError
from shared_code.sales import invoice_repository
from shared_code.sales.credit_notes import DEFAULT_CREDIT_NOTE_FORMAT
from shared_code.sales.debit_notes import DEFAULT_DEBIT_NOTE_FORMAT
from shared_code.sales.errors import rejected
from shared_code.sales.invoicing import DEFAULT_INVOICE_FORMAT
from shared_code.sales.model import number_format_problems

_KEYS = {
    "invoice_number_format": "sales.invoice_number_format",
    "credit_note_number_format": "sales.credit_note_number_format",
    "debit_note_number_format": "sales.debit_note_number_format",
}


@dataclass(frozen=True)
class SalesSettings:
    """How documents are numbered."""

    invoice_number_format: str
    """E.g. `INV-{year}-{seq:05d}`: `{seq}` required, `{year}` optional."""
    credit_note_number_format: str
    """E.g. `CN-{year}-{seq:05d}`."""
    debit_note_number_format: str
    """E.g. `DN-{year}-{seq:05d}`."""


def get_sales_settings(uow: UnitOfWork) -> SalesSettings:
    """The organization's number formats (the defaults where none is set)."""
    invoice = invoice_repository.setting(uow, _KEYS["invoice_number_format"])
    credit = invoice_repository.setting(uow, _KEYS["credit_note_number_format"])
    debit = invoice_repository.setting(uow, _KEYS["debit_note_number_format"])
    return SalesSettings(
        invoice_number_format=invoice if isinstance(invoice, str) else DEFAULT_INVOICE_FORMAT,
        credit_note_number_format=credit if isinstance(credit, str) else DEFAULT_CREDIT_NOTE_FORMAT,
        debit_note_number_format=debit if isinstance(debit, str) else DEFAULT_DEBIT_NOTE_FORMAT,
    )


def update_sales_settings(uow: UnitOfWork, settings: SalesSettings) -> SalesSettings:
    """Save new number formats; 422 if one cannot number documents. Sequences carry on
    (a new prefix does not restart the count, so numbers stay unique)."""
    errors: list[FieldError] = []
    for field in _KEYS:
        errors.extend(
            FieldError(field, problem.code, problem.message)
            for problem in number_format_problems(getattr(settings, field))
        )
    if errors:
        raise rejected(errors, "The settings cannot be saved.")
    for field, key in _KEYS.items():
        invoice_repository.set_setting(uow, key, getattr(settings, field))
    return settings
