"""An organization's choices for its documents: layout, accent colour, payment details, terms."""

from __future__ import annotations

import dataclasses

from shared_code.documents import settings_repository
from shared_code.documents.errors import rejected
from shared_code.documents.model import DocumentSettings, PaymentDetails, settings_problems
from shared_code.organizations.model import normalise_zambian_phone
from shared_code.platform.clock import Clock
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import FieldError


def get_document_settings(uow: UnitOfWork) -> DocumentSettings:
    """The organization's document settings (the defaults where none were saved)."""
    return settings_repository.get_settings(uow)


def change_document_settings(uow: UnitOfWork, settings: DocumentSettings, *, clock: Clock) -> DocumentSettings:
    """Save `settings`; 422 with every problem and nothing saved. The next PDF of every
    document is drawn with them (its content hash changes with the style)."""
    errors = settings_problems(settings)
    airtel = settings.payment.airtel_money_number
    normalised = normalise_zambian_phone(airtel) if airtel else None
    if airtel and normalised is None:
        errors.append(FieldError("airtel_money_number", "phone_invalid", "Enter a Zambian number, e.g. 0977 123456."))
    if errors:
        raise rejected(errors, "The document settings are not valid.")
    payment: PaymentDetails = dataclasses.replace(settings.payment, airtel_money_number=normalised)
    saved = dataclasses.replace(settings, payment=payment)
    settings_repository.save_settings(uow, saved, clock.now())
    return saved
