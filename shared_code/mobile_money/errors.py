"""Mobile-money failures, each with the stable code its problem response carries."""

from __future__ import annotations

from shared_code.platform.errors import Conflict, DomainError, FieldError, NotFound


def invalid_wallet(errors: list[FieldError]) -> DomainError:
    """422 listing every problem with the linking details; nothing was saved."""
    return DomainError(code=errors[0].code, title="The wallet details are not valid.", status=422, errors=errors)


def credentials_refused(code: str, detail: str) -> DomainError:
    """Airtel refused the app's credentials (no token): nothing was saved."""
    return DomainError(
        code="airtel_credentials_refused",
        title="Airtel refused these API credentials.",
        status=422,
        detail=(
            f"Airtel answered {code}: {detail} Check the client id and secret in your app's Key management on the "
            "Airtel developer portal, and that the environment (UAT or live) is the one the keys were issued for."
        ),
        errors=[
            FieldError(
                "client_secret", "airtel_credentials_refused", "Airtel did not accept this client id and secret."
            )
        ],
    )


def airtel_unreachable(detail: str) -> DomainError:
    """No usable answer from Airtel (timeouts, 5xx, rate limited): try again later."""
    return DomainError(
        code="airtel_unreachable",
        title="Airtel's API did not answer.",
        status=503,
        detail=f"{detail}. Nothing was saved; try again in a few minutes.",
        headers={"Retry-After": "60"},
    )


def wallet_not_found() -> NotFound:
    """No wallet with that id in this organization."""
    return NotFound("wallet", "wallet_not_found")


def already_linked() -> Conflict:
    """The merchant number is linked already."""
    return Conflict(
        "wallet_already_linked",
        "This Airtel Money number is linked already.",
        "Unlink the existing wallet first if its credentials changed.",
    )


def wallet_unlinked() -> Conflict:
    """The wallet was unlinked: its history stays, but it no longer syncs or imports."""
    return Conflict("wallet_unlinked", "This wallet is unlinked.", "Link the number again to sync it.")


def transaction_not_found() -> NotFound:
    """No wallet transaction with that id."""
    return NotFound("wallet transaction", "wallet_transaction_not_found")


def not_bookable(status: str) -> Conflict:
    """Only a successful transaction moves money."""
    return Conflict(
        "wallet_transaction_not_bookable",
        f"A transaction in state {status} is not booked.",
        "Only successful (TS) transactions become book entries; a pending one is booked once Airtel settles it.",
    )


def already_categorised() -> Conflict:
    """The transaction has its entry already."""
    return Conflict("wallet_transaction_categorised", "This transaction is categorised and posted already.")


def invalid_categorisation(errors: list[FieldError]) -> DomainError:
    """422: the accounts or amounts of a categorisation."""
    return DomainError(code=errors[0].code, title="The categorisation is not valid.", status=422, errors=errors)


def rule_not_found() -> NotFound:
    """No categorisation rule with that id."""
    return NotFound("categorisation rule", "categorisation_rule_not_found")


def invalid_rule(errors: list[FieldError]) -> DomainError:
    """422 listing every problem with a rule."""
    return DomainError(code=errors[0].code, title="The rule is not valid.", status=422, errors=errors)


def statement_unreadable(detail: str) -> DomainError:
    """The file is not an Airtel statement export IntelliFin can read."""
    return DomainError(
        code="statement_unreadable", title="This file is not a readable statement.", status=422, detail=detail
    )


def statement_has_problems(errors: list[FieldError]) -> DomainError:
    """Some rows cannot be read: nothing is imported until the file is fixed."""
    return DomainError(
        code="statement_has_problems",
        title="Some rows of the statement cannot be read; nothing was imported.",
        status=422,
        errors=errors,
    )


def import_not_found() -> NotFound:
    """No statement import with that id."""
    return NotFound("statement import", "statement_import_not_found")


def import_not_pending() -> Conflict:
    """The import ran (or is running) already."""
    return Conflict("statement_import_started", "This statement import has started already.")
