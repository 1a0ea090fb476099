"""The business profile's rules, without a database."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from shared_code.organizations.model import BusinessProfile, tax_mode, tpin_policy_problems


def _profile(**changes: Any) -> BusinessProfile:
    return BusinessProfile.model_validate(
        {
            "legal_name": "  Banda   Farms Ltd ",
            "business_type": "private_ltd_shares",
            "tpin": "1002-345 678",
            "vat_registered": False,
            "turnover_tax": True,
            "phone": "0761234567",
            "email": "a@banda.zm",
            "physical_address": {"line1": "Plot 3", "town": "Chipata", "province": "eastern"},
            **changes,
        }
    )


def test_names_are_single_spaced_and_numbers_normalised() -> None:
    profile = _profile()
    assert profile.legal_name == "Banda Farms Ltd"
    assert profile.tpin == "1002345678"
    assert profile.phone == "+260761234567"


@pytest.mark.parametrize(
    ("vat", "tot", "mode"),
    [(True, False, "vat"), (False, True, "turnover_tax"), (True, True, "vat_and_turnover_tax"), (False, False, "none")],
)
def test_the_tax_mode_follows_the_registrations(vat: bool, tot: bool, mode: str) -> None:
    profile = _profile(vat_registered=vat, turnover_tax=tot, vat_effective_date="2025-01-01" if vat else None)
    assert tax_mode(profile) == mode


@pytest.mark.parametrize("phone", ["+27 82 123 4567", "12345", "0211 12"])
def test_phones_must_be_zambian(phone: str) -> None:
    with pytest.raises(ValidationError, match="Zambian phone"):
        _profile(phone=phone)


def test_the_extra_tpin_pattern_is_optional_and_configurable() -> None:
    assert tpin_policy_problems("1002345678", None) == []
    assert tpin_policy_problems("1002345678", r"[12]\d{9}") == []
    assert [p.code for p in tpin_policy_problems("3002345678", r"[12]\d{9}")] == ["tpin_rejected"]
