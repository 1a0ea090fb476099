"""Request and response models of reporting's routes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared_code.api.types import Money, RequestBody
from shared_code.ledger.model import AccountType, CashFlowClass
from shared_code.reporting.model import (
    Figure,
    Framework,
    LayoutVersion,
    StatementKind,
    layout_from_json,
    layout_to_json,
)
from shared_code.reporting.model import Layout as LayoutModel


class LayoutPart(RequestBody):
    """A piece of a layout, read and written in one shape (one schema, not an input and an output one)."""

    model_config = ConfigDict(extra="forbid", json_schema_mode_override="validation")


class MatchIO(LayoutPart):
    """Accounts meeting every criterion given."""

    account_types: list[AccountType] = Field(default_factory=list, max_length=5)
    subtypes: list[str] = Field(default_factory=list, max_length=50)
    roles: list[str] = Field(default_factory=list, max_length=50)
    cash_flow_classes: list[CashFlowClass] = Field(default_factory=list, max_length=3)
    codes: list[str] = Field(default_factory=list, max_length=500)
    code_from: str | None = Field(default=None, max_length=20)
    code_to: str | None = Field(default=None, max_length=20)


class TermIO(LayoutPart):
    """One line of a subtotal's formula."""

    line: str = Field(max_length=50)
    sign: int = 1


class NodeIO(LayoutPart):
    """A section (with `children`) or a line (accounts, figures or a formula)."""

    key: str = Field(max_length=50)
    label: str = Field(max_length=200)
    children: list[NodeIO] | None = Field(default=None, max_length=300)
    include: list[MatchIO] = Field(default_factory=list, max_length=50)
    exclude: list[MatchIO] = Field(default_factory=list, max_length=50)
    figures: list[Figure] = Field(default_factory=list, max_length=2)
    sign: int = 1
    formula: list[TermIO] = Field(default_factory=list, max_length=100)


class LayoutIO(LayoutPart):
    """A statement layout: a tree of sections and lines."""

    kind: StatementKind
    name: str = Field(max_length=200)
    framework: Framework
    sections: list[NodeIO] = Field(max_length=50)

    @model_validator(mode="after")
    def _top_level_nodes_are_sections(self) -> LayoutIO:
        for index, node in enumerate(self.sections):
            if node.children is None:
                raise ValueError(f"sections.{index} is at the top, so it is a section and needs `children`")
        return self

    def to_model(self) -> LayoutModel:
        """The domain layout."""
        return layout_from_json(self.model_dump(exclude_none=True))

    @classmethod
    def of(cls, layout: LayoutModel) -> LayoutIO:
        """The wire form of a domain layout."""
        return cls.model_validate(layout_to_json(layout))


class LayoutVersionOut(BaseModel):
    """A layout version: a built-in default or a saved version."""

    reference: str
    """What `layout_version=` takes."""
    id: UUID | None
    layout_id: UUID | None
    version: int
    built_in: str | None
    layout: LayoutIO

    @classmethod
    def of(cls, version: LayoutVersion) -> LayoutVersionOut:
        """The wire form."""
        return cls(
            reference=version.reference,
            id=version.id,
            layout_id=version.layout_id,
            version=version.version,
            built_in=version.built_in,
            layout=LayoutIO.of(version.layout),
        )


class ProblemOut(BaseModel):
    """One validator problem, at the field path of its line."""

    field: str
    code: str
    message: str


class ValidationOut(BaseModel):
    """The validator's verdict."""

    valid: bool
    problems: list[ProblemOut]


class LedgerHeadOut(BaseModel):
    """The ledger head a statement set reflects."""

    entry_number: int
    hash: str


class PeriodOut(BaseModel):
    """The period of the statement set a statement belongs to (what a sign-off names): the
    current column's, or for a financial position the period its date closes."""

    date_from: date
    date_to: date


class ColumnOut(BaseModel):
    """A statement column."""

    label: str
    date_from: date | None
    date_to: date


class ComparisonOut(BaseModel):
    """A comparative column against the current one."""

    change: Money
    percent: Decimal | None


class AccountLineOut(BaseModel):
    """An account of a line, with the link to its ledger for the current column."""

    account_id: UUID
    code: str
    name: str
    amounts: list[Money]
    ledger: str


class RowOut(BaseModel):
    """A section heading, line or subtotal."""

    key: str
    label: str
    depth: int
    kind: str
    amounts: list[Money]
    comparisons: list[ComparisonOut]
    accounts: list[AccountLineOut]


class StatementOut(BaseModel):
    """A statement with its columns, rows and the checks computed from the accounts."""

    kind: StatementKind
    layout: LayoutVersionOut
    ledger_head: LedgerHeadOut
    period: PeriodOut
    columns: list[ColumnOut]
    rows: list[RowOut]
    checks: dict[str, list[Money]]


class EquityColumnOut(BaseModel):
    """One column of the statement of changes in equity."""

    key: str
    label: str
    opening: Money
    profit: Money
    contributions: Money
    drawings_and_dividends: Money
    other: Money
    closing: Money
    account_ids: list[UUID]


class ChangesInEquityOut(BaseModel):
    """The statement of changes in equity."""

    layout: LayoutVersionOut
    ledger_head: LedgerHeadOut
    date_from: date
    date_to: date
    columns: list[EquityColumnOut]
    total: EquityColumnOut


class SignOffIn(RequestBody):
    """Mark a period's statements reviewed or approved."""

    date_from: date
    date_to: date
    status: str = Field(pattern="^(reviewed|approved)$")
    note: str = Field(default="", max_length=4000)
    layout_versions: dict[StatementKind, str] = Field(default_factory=dict)


class SignOffOut(BaseModel):
    """A sign-off and whether later postings made it stale."""

    id: UUID
    date_from: date
    date_to: date
    status: str
    layout_versions: dict[StatementKind, str]
    ledger_head: LedgerHeadOut
    note: str
    signed_by: UUID
    signed_at: datetime
    stale: bool
    later_postings: int
