"""Expense categories: seeded from the default chart, created, changed, read and listed.

A category posts to one account of the chart, of its kind: an expense, cost-of-sales or
fixed-asset account. The defaults name the chart's codes (§6.4) and are seeded the first
time an organization's categories are asked for; each carries its dated VAT treatment
(diesel: standard until 2018, 90% claimable from 2019) and whether it is deductible for
income tax (entertainment, donations and penalties are not, and post to 6260).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from uuid import UUID

from shared_code.ledger import accounts as ledger_accounts
from shared_code.ledger.model import Account, AccountType
from shared_code.platform.clock import Clock
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import FieldError
from shared_code.platform.ids import new_id
from shared_code.purchases import category_repository
from shared_code.purchases.errors import category_not_found, rejected
from shared_code.purchases.model import (
    CategoryKind,
    CategoryTreatment,
    ExpenseCategory,
    VatTreatment,
    category_problems,
)

_EVER = date(2000, 1, 1)
_DIESEL_RESTRICTED_FROM = date(2019, 1, 1)
"""Input VAT on diesel limited to 90% (2019, §1.6)."""


def _always(treatment: VatTreatment, share: Decimal = Decimal(1)) -> tuple[CategoryTreatment, ...]:
    return (CategoryTreatment(_EVER, None, treatment, share),)


@dataclass(frozen=True)
class DefaultCategory:
    """One category every organization starts with."""

    code: str
    name: str
    kind: CategoryKind
    account_code: str
    """The default chart's account it posts to."""
    treatments: tuple[CategoryTreatment, ...]
    deductible: bool = True


_S, _E, _N = VatTreatment.STANDARD, VatTreatment.EXEMPT, VatTreatment.NONE
_X, _C, _F = CategoryKind.EXPENSE, CategoryKind.COST_OF_SALES, CategoryKind.FIXED_ASSET
DEFAULT_CATEGORIES: tuple[DefaultCategory, ...] = (
    DefaultCategory("purchases_for_resale", "Goods bought for resale", _C, "5010", _always(_S)),
    DefaultCategory("import_freight_customs", "Import freight, duty and clearing", _C, "5020", _always(_S)),
    DefaultCategory("rent", "Rent", _X, "6100", _always(_S)),
    DefaultCategory("electricity_water", "Electricity and water", _X, "6110", _always(_S)),
    DefaultCategory("telephone_internet", "Telephone, airtime and internet", _X, "6120", _always(_S)),
    DefaultCategory("bank_charges", "Bank and mobile-money charges", _X, "6130", _always(_E)),
    DefaultCategory("fuel_petrol", "Fuel (petrol)", _X, "6140", _always(_S)),
    DefaultCategory(
        "fuel_diesel",
        "Fuel (diesel)",
        _X,
        "6140",
        (
            CategoryTreatment(_EVER, date(2018, 12, 31), _S),
            CategoryTreatment(_DIESEL_RESTRICTED_FROM, None, VatTreatment.RESTRICTED, Decimal("0.9")),
        ),
    ),
    DefaultCategory("vehicle_running", "Vehicle repairs and running costs", _X, "6140", _always(_S)),
    DefaultCategory("repairs", "Repairs and maintenance", _X, "6150", _always(_S)),
    DefaultCategory("professional_fees", "Professional fees", _X, "6160", _always(_S)),
    DefaultCategory("advertising", "Advertising and marketing", _X, "6170", _always(_S)),
    DefaultCategory("office_it", "Office, stationery, software and IT", _X, "6180", _always(_S)),
    DefaultCategory("insurance", "Insurance", _X, "6190", _always(_E)),
    DefaultCategory("travel", "Travel, subsistence and training", _X, "6200", _always(_S)),
    DefaultCategory("licences_fees", "Licences, council levies and subscriptions", _X, "6210", _always(_N)),
    DefaultCategory(
        "entertainment", "Entertainment", _X, "6260", _always(VatTreatment.RESTRICTED, Decimal(0)), deductible=False
    ),
    DefaultCategory("donations", "Donations", _X, "6260", _always(_N), deductible=False),
    DefaultCategory("penalties", "Tax penalties and interest", _X, "6260", _always(_N), deductible=False),
    DefaultCategory("equipment", "Plant, equipment and computers", _F, "1520", _always(_S)),
    DefaultCategory("motor_vehicles", "Motor vehicles", _F, "1530", _always(_S)),
    DefaultCategory("furniture", "Furniture and fittings", _F, "1540", _always(_S)),
    DefaultCategory("software_licences", "Software and licences (intangible)", _F, "1600", _always(_S)),
)
"""The categories seeded from the default chart (§6.4)."""


def ensure_default_categories(uow: UnitOfWork) -> int:
    """Seed the default categories once (when the organization has none); returns how many were added.

    A default whose account the tenant's chart no longer has (or has archived) is left out."""
    if category_repository.any_category(uow):
        return 0
    by_code = {account.code: account for account in ledger_accounts.whole_chart(uow) if account.is_postable}
    added = 0
    for default in DEFAULT_CATEGORIES:
        account = by_code.get(default.account_code)
        if account is None:
            continue
        category = ExpenseCategory(
            id=new_id(),
            code=default.code,
            name=default.name,
            kind=default.kind,
            account_id=account.id,
            income_tax_deductible=default.deductible,
            treatments=default.treatments,
        )
        added += category_repository.insert_category(uow, category, skip_existing=True)
    return added


def account_kind_problem(kind: CategoryKind, account: Account | None, field: str = "account_id") -> list[FieldError]:
    """Why `account` cannot be the account of a category of `kind` (empty if it can)."""
    if account is None:
        return [FieldError(field, "account_not_found", "No such account.")]
    if account.is_header:
        return [FieldError(field, "account_not_postable", f"{account.code} is a header account; pick one under it.")]
    if account.is_archived:
        return [FieldError(field, "account_archived", f"{account.code} is archived.")]
    fits = {
        CategoryKind.EXPENSE: account.account_type is AccountType.EXPENSE and account.subtype != "cost_of_sales",
        CategoryKind.COST_OF_SALES: account.account_type is AccountType.EXPENSE and account.subtype == "cost_of_sales",
        CategoryKind.FIXED_ASSET: account.account_type is AccountType.ASSET
        and account.subtype in {"fixed_asset", "intangible_asset"},
    }[kind]
    if not fits:
        return [FieldError(field, "account_kind_mismatch", f"{account.code} is not an account for {kind.value}.")]
    return []


def _checked(uow: UnitOfWork, category: ExpenseCategory) -> ExpenseCategory:
    clean = ExpenseCategory(**{**category.__dict__, "name": " ".join(category.name.split())})
    accounts = ledger_accounts.accounts_by_ids(uow, [clean.account_id])
    problems = category_problems(clean) + account_kind_problem(clean.kind, accounts.get(clean.account_id))
    if problems:
        raise rejected(problems, "The category cannot be saved.")
    return clean


def create_category(uow: UnitOfWork, category: ExpenseCategory) -> ExpenseCategory:
    """Save a new category; 422 with every problem, 409 `category_code_taken` for a code in use."""
    ensure_default_categories(uow)
    clean = _checked(uow, category)
    if not category_repository.insert_category(uow, clean, skip_existing=True):
        raise rejected([FieldError("code", "category_code_taken", "Another category has this code.")], "Not saved.")
    return clean


def update_category(uow: UnitOfWork, category: ExpenseCategory) -> ExpenseCategory:
    """Replace a category's name, kind, account, treatments and flags (its code stays)."""
    current = get_category(uow, category.id)
    clean = _checked(uow, ExpenseCategory(**{**category.__dict__, "code": current.code}))
    category_repository.update_category(uow, clean)
    return clean


def set_category_archived(uow: UnitOfWork, category_id: UUID, *, archived: bool, clock: Clock) -> ExpenseCategory:
    """Archive a category (no new purchase lines take it; posted ones keep it) or bring it back."""
    current = get_category(uow, category_id)
    if (current.archived_at is not None) == archived:
        return current
    changed = replace(current, archived_at=clock.now() if archived else None)
    category_repository.update_category(uow, changed)
    return changed


def get_category(uow: UnitOfWork, category_id: UUID) -> ExpenseCategory:
    """One category; 404 `expense_category_not_found` if there is none."""
    category = category_repository.get_category(uow, category_id)
    if category is None:
        raise category_not_found()
    return category


def list_categories(uow: UnitOfWork, *, include_archived: bool = False) -> list[ExpenseCategory]:
    """Every category by name (the defaults are seeded the first time)."""
    ensure_default_categories(uow)
    return category_repository.list_categories(uow, include_archived=include_archived)


def categories_by_ids(uow: UnitOfWork, category_ids: list[UUID]) -> Mapping[UUID, ExpenseCategory]:
    """The categories among `category_ids`, by id."""
    return category_repository.categories_by_ids(uow, category_ids)
