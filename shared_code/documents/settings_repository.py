"""SQL of an organization's document settings (one row per tenant schema)."""

from __future__ import annotations

from datetime import datetime

from shared_code.documents.model import DocumentSettings, DocumentStyle, Layout, PaymentDetails
from shared_code.platform.db import UnitOfWork


def get_settings(uow: UnitOfWork) -> DocumentSettings:
    """The saved settings, or the defaults when none were saved."""
    row = uow.fetch_one(
        """
        SELECT template, accent_colour, bank_name, bank_branch, bank_account_name, bank_account_number,
               airtel_money_number, terms, reply_to
        FROM document_settings
        """
    )
    if row is None:
        return DocumentSettings()
    return DocumentSettings(
        style=DocumentStyle(Layout(row["template"]), row["accent_colour"]),
        payment=PaymentDetails(
            bank_name=row["bank_name"],
            bank_branch=row["bank_branch"],
            bank_account_name=row["bank_account_name"],
            bank_account_number=row["bank_account_number"],
            airtel_money_number=row["airtel_money_number"],
        ),
        terms=row["terms"],
        reply_to=row["reply_to"],
    )


def save_settings(uow: UnitOfWork, settings: DocumentSettings, now: datetime) -> None:
    """Insert or replace the settings."""
    uow.execute(
        """
        INSERT INTO document_settings (singleton, template, accent_colour, bank_name, bank_branch, bank_account_name,
                                       bank_account_number, airtel_money_number, terms, reply_to, updated_at)
        VALUES (true, %(template)s, %(accent)s, %(bank)s, %(branch)s, %(account_name)s, %(account_number)s,
                %(airtel)s, %(terms)s, %(reply_to)s, %(now)s)
        ON CONFLICT (singleton) DO UPDATE SET
            template = EXCLUDED.template, accent_colour = EXCLUDED.accent_colour, bank_name = EXCLUDED.bank_name,
            bank_branch = EXCLUDED.bank_branch, bank_account_name = EXCLUDED.bank_account_name,
            bank_account_number = EXCLUDED.bank_account_number, airtel_money_number = EXCLUDED.airtel_money_number,
            terms = EXCLUDED.terms, reply_to = EXCLUDED.reply_to, updated_at = EXCLUDED.updated_at
        """,
        {
            "template": settings.style.layout.value,
            "accent": settings.style.accent_colour,
            "bank": settings.payment.bank_name,
            "branch": settings.payment.bank_branch,
            "account_name": settings.payment.bank_account_name,
            "account_number": settings.payment.bank_account_number,
            "airtel": settings.payment.airtel_money_number,
            "terms": settings.terms,
            "reply_to": settings.reply_to,
            "now": now,
        },
    )
