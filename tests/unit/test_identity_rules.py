"""Identity's pure rules, without a database: password policy, lockout arithmetic, TOTP window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from shared_code.identity.model import email_problems, lock_duration, normalise_email
from shared_code.identity.passwords import password_problems
from shared_code.identity.totp import PERIOD_SECONDS, accepted_step, hash_recovery_code

EMAIL = "mwila.banda@chanda.co.zm"
NAME = "Mwila Banda"


def codes(password: str) -> list[str]:
    return [problem.code for problem in password_problems(password, email=EMAIL, full_name=NAME)]


# Password policy (NIST SP 800-63B: length and a blocklist, no composition rules)


def test_a_long_uncommon_passphrase_is_accepted() -> None:
    assert codes("maize fields at dawn near Kafue") == []


def test_no_composition_rules_lowercase_letters_only_is_fine() -> None:
    assert codes("kalulushi copper train") == []


@pytest.mark.parametrize(
    ("password", "expected"), [("zq8#kd!", ["password_too_short"]), ("zq8#kd!w" * 16 + "x", ["password_too_long"])]
)
def test_length_is_bounded_at_8_and_128(password: str, expected: list[str]) -> None:
    assert codes(password) == expected


def test_exactly_8_and_exactly_128_characters_pass_the_length_rule() -> None:
    assert "password_too_short" not in codes("zq8#kd!w")
    assert "password_too_long" not in codes("zq8#kd!w" * 16)


def test_a_common_password_is_refused_whatever_its_case() -> None:
    assert codes("password123") == ["password_too_common"]
    assert codes("PASSWORD123") == ["password_too_common"]


@pytest.mark.parametrize("password", ["mwila.banda@chanda.co.zm!", "iammwila.banda2026", "banda-banda-banda"])
def test_the_users_address_and_name_are_refused_inside_a_password(password: str) -> None:
    assert "password_contains_personal_info" in codes(password)


def test_every_broken_rule_is_listed_at_once() -> None:
    assert sorted(codes("banda")) == ["password_contains_personal_info", "password_too_short"]


def test_addresses_compare_trimmed_and_case_folded() -> None:
    assert normalise_email("  Mwila.Banda@Chanda.CO.ZM ") == EMAIL


def test_an_address_without_a_domain_is_refused() -> None:
    assert [problem.code for problem in email_problems("mwila@")] == ["email_invalid"]
    assert email_problems(EMAIL) == []


# Lockout arithmetic: four failures are free, then 1, 2, 4 … minutes, capped at an hour


@pytest.mark.parametrize(
    ("failures", "minutes"),
    [(0, None), (4, None), (5, 1), (6, 2), (7, 4), (10, 32), (11, 60), (50, 60)],
)
def test_the_lock_grows_from_the_fifth_failure_and_stops_at_an_hour(failures: int, minutes: int | None) -> None:
    assert lock_duration(failures) == (timedelta(minutes=minutes) if minutes else None)


# TOTP: 30-second steps, one step of drift either side, each step usable once

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # 160 bits, as pyotp.random_base32() makes
NOW = datetime(2026, 12, 2, 9, 30, 15, tzinfo=UTC)
STEP = int(NOW.timestamp()) // PERIOD_SECONDS


def code_at(step: int) -> str:
    return str(pyotp.TOTP(SECRET, interval=PERIOD_SECONDS).at(step * PERIOD_SECONDS))


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_a_code_of_this_step_or_a_neighbour_is_accepted_for_its_own_step(offset: int) -> None:
    assert accepted_step(SECRET, code_at(STEP + offset), last_step=None, now=NOW) == STEP + offset


@pytest.mark.parametrize("offset", [-2, 2])
def test_a_code_two_steps_away_is_refused(offset: int) -> None:
    assert accepted_step(SECRET, code_at(STEP + offset), last_step=None, now=NOW) is None


def test_a_code_is_usable_once_and_never_after_a_later_one() -> None:
    assert accepted_step(SECRET, code_at(STEP), last_step=STEP, now=NOW) is None
    assert accepted_step(SECRET, code_at(STEP - 1), last_step=STEP, now=NOW) is None
    assert accepted_step(SECRET, code_at(STEP + 1), last_step=STEP, now=NOW) == STEP + 1


@pytest.mark.parametrize("typed", ["12345", "1234567", "abcdef", ""])
def test_anything_but_six_digits_is_refused(typed: str) -> None:
    assert accepted_step(SECRET, typed, last_step=None, now=NOW) is None


def test_spaces_typed_inside_a_code_are_ignored() -> None:
    code = code_at(STEP)
    assert accepted_step(SECRET, f" {code[:3]} {code[3:]} ", last_step=None, now=NOW) == STEP


def test_recovery_codes_are_keyed_to_the_user_and_ignore_dashes_and_case() -> None:
    from uuid import UUID

    user, other = UUID(int=1), UUID(int=2)
    assert hash_recovery_code(user, "ABCD-efgh-2345") == hash_recovery_code(user, "abcdefgh2345")
    assert hash_recovery_code(user, "abcdefgh2345") != hash_recovery_code(other, "abcdefgh2345")
