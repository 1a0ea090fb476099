"""The business profile of an organization, and its rules. Pure: no I/O.

Facts from `../shared/reference/zambia-domain.md` §4-5: TPIN is 10 digits (no public check
digit, so only an optional configurable pattern beyond that), a PACRA entity number is 12
digits, phones are Zambian (+260), the base currency is ZMW.
"""

from __future__ import annotations

import re
from enum import StrEnum

import phonenumbers
from pydantic import BaseModel, EmailStr, Field, field_validator, model_validator

from shared_code.platform.errors import FieldError
from shared_code.platform.input_types import Day


class BusinessType(StrEnum):
    """How the business is registered (PACRA and the other registries)."""

    SOLE_PROPRIETOR = "sole_proprietor"
    PARTNERSHIP = "partnership"
    PRIVATE_LTD_SHARES = "private_ltd_shares"
    PRIVATE_LTD_GUARANTEE = "private_ltd_guarantee"
    PRIVATE_UNLIMITED = "private_unlimited"
    PUBLIC_LTD = "public_ltd"
    FOREIGN_BRANCH = "foreign_branch"
    COOPERATIVE = "cooperative"
    NGO = "ngo"
    SOCIETY = "society"
    TRUST = "trust"


BUSINESS_TYPE_NAMES = {
    BusinessType.SOLE_PROPRIETOR: "Sole proprietor (business name)",
    BusinessType.PARTNERSHIP: "Partnership",
    BusinessType.PRIVATE_LTD_SHARES: "Private company limited by shares (Ltd)",
    BusinessType.PRIVATE_LTD_GUARANTEE: "Private company limited by guarantee",
    BusinessType.PRIVATE_UNLIMITED: "Private unlimited company",
    BusinessType.PUBLIC_LTD: "Public limited company (Plc)",
    BusinessType.FOREIGN_BRANCH: "Foreign company (branch)",
    BusinessType.COOPERATIVE: "Co-operative society",
    BusinessType.NGO: "Non-governmental organisation (NGO)",
    BusinessType.SOCIETY: "Society, club, church or association",
    BusinessType.TRUST: "Trust",
}


class Province(StrEnum):
    """Zambia's ten provinces (ISO 3166-2:ZM)."""

    CENTRAL = "central"
    COPPERBELT = "copperbelt"
    EASTERN = "eastern"
    LUAPULA = "luapula"
    LUSAKA = "lusaka"
    MUCHINGA = "muchinga"
    NORTHERN = "northern"
    NORTH_WESTERN = "north_western"
    SOUTHERN = "southern"
    WESTERN = "western"


class Address(BaseModel):
    """A street or postal address in Zambia."""

    line1: str = Field(min_length=1, max_length=200)
    line2: str | None = Field(default=None, max_length=200)
    town: str = Field(min_length=1, max_length=100)
    province: Province
    postal_code: str | None = Field(default=None, pattern=r"^[0-9]{5}$")


TPIN_PATTERN = re.compile(r"^[0-9]{10}$")
PACRA_PATTERN = re.compile(r"^[0-9]{12}$")


def normalise_zambian_phone(raw: str) -> str | None:
    """The E.164 form (+260…) of a valid Zambian number, or None."""
    try:
        number = phonenumbers.parse(raw, "ZM")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 260 or not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class BusinessProfile(BaseModel):
    """Everything IntelliFin needs to know about a business to keep its books and taxes."""

    legal_name: str = Field(min_length=1, max_length=200)
    trading_name: str | None = Field(default=None, max_length=200)
    business_type: BusinessType
    tpin: str = Field(description="ZRA Taxpayer Identification Number: 10 digits.")
    pacra_number: str | None = Field(default=None, description="PACRA entity number: 12 digits.")
    vat_registered: bool
    vat_effective_date: Day | None = None
    turnover_tax: bool
    physical_address: Address
    postal_address: Address | None = None
    phone: str = Field(min_length=3, max_length=30, description="A Zambian number; stored as +260…")
    email: EmailStr
    fiscal_year_start_month: int = Field(default=1, ge=1, le=12)
    base_currency: str = Field(default="ZMW", pattern=r"^ZMW$")

    @field_validator("legal_name", "trading_name")
    @classmethod
    def _single_spaced(cls, value: str | None) -> str | None:
        return " ".join(value.split()) if value is not None else None

    @field_validator("tpin", "pacra_number", mode="before")
    @classmethod
    def _digits_only(cls, value: object) -> object:
        return value.replace(" ", "").replace("-", "") if isinstance(value, str) else value

    @field_validator("tpin")
    @classmethod
    def _tpin(cls, value: str) -> str:
        if not TPIN_PATTERN.match(value):
            raise ValueError("a TPIN is 10 digits")
        return value

    @field_validator("pacra_number")
    @classmethod
    def _pacra(cls, value: str | None) -> str | None:
        if value is not None and not PACRA_PATTERN.match(value):
            raise ValueError("a PACRA number is 12 digits")
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        normalised = normalise_zambian_phone(value)
        if normalised is None:
            raise ValueError("enter a Zambian phone number, e.g. 0977 123456 or +260 97 7123456")
        return normalised

    @model_validator(mode="after")
    def _tax_rules(self) -> BusinessProfile:
        if self.vat_registered and self.vat_effective_date is None:
            raise ValueError("vat_effective_date is required when the business is VAT registered")
        if not self.vat_registered and self.vat_effective_date is not None:
            raise ValueError("vat_effective_date applies only to VAT-registered businesses")
        return self

    @property
    def display_name(self) -> str:
        """The name people know the business by."""
        return self.trading_name or self.legal_name


def tpin_policy_problems(tpin: str, extra_pattern: str | None) -> list[FieldError]:
    """The configurable TPIN check beyond 10 digits (none by default: no public algorithm)."""
    if extra_pattern and not re.fullmatch(extra_pattern, tpin):
        return [FieldError("tpin", "tpin_rejected", "This TPIN does not match the format we accept.")]
    return []


def tax_mode(profile: BusinessProfile) -> str:
    """The ledger's tax mode for the default chart: VAT, Turnover Tax, both, or neither."""
    if profile.vat_registered and profile.turnover_tax:
        return "vat_and_turnover_tax"
    if profile.vat_registered:
        return "vat"
    if profile.turnover_tax:
        return "turnover_tax"
    return "none"
