"""Passwords: the NIST SP 800-63B rules, and argon2id hashing.

Rules: at least 8 characters, at most 128 (so 64 and more are allowed), no composition
rules, not one of the 10,000 most common passwords, and not containing the user's e-mail
address (or its local part) or name. The common-password list ships with the code
(`common_passwords.txt`: the 10,000 most frequent entries of the zxcvbn project's
password frequency list, MIT licence).
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from shared_code.platform.errors import FieldError

MIN_LENGTH = 8
MAX_LENGTH = 128

_hasher = PasswordHasher()  # argon2id with the library's current RFC 9106 defaults


@cache
def common_passwords() -> frozenset[str]:
    """The 10,000 most common passwords, lower-cased."""
    text = resources.files(__package__).joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def password_problems(password: str, *, email: str, full_name: str, field: str = "password") -> list[FieldError]:
    """Every rule `password` breaks, as field errors (empty when it is acceptable)."""
    problems: list[FieldError] = []
    length = len(password)
    if length < MIN_LENGTH:
        problems.append(FieldError(field, "password_too_short", f"Use at least {MIN_LENGTH} characters."))
    if length > MAX_LENGTH:
        problems.append(FieldError(field, "password_too_long", f"Use at most {MAX_LENGTH} characters."))
    folded = _normalise(password)
    if folded in common_passwords():
        problems.append(
            FieldError(field, "password_too_common", "This password is one of the most common ones; choose another.")
        )
    personal = _personal_words(email, full_name)
    if any(word in folded for word in personal):
        problems.append(
            FieldError(
                field,
                "password_contains_personal_info",
                "The password must not contain your e-mail address or name.",
            )
        )
    return problems


def _personal_words(email: str, full_name: str) -> set[str]:
    folded_email = _normalise(email)
    words = {folded_email, folded_email.split("@", 1)[0]}
    words |= {part for part in _normalise(full_name).split() if len(part) >= 3}
    return {word for word in words if len(word) >= 3}


def hash_password(password: str) -> str:
    """An argon2id hash of `password`."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True if `password` matches `password_hash`."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than today's: rehash on login."""
    return _hasher.check_needs_rehash(password_hash)


@cache
def dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so both cases take the same time.

    Made on first use, not at import: hashing costs a quarter of a second, which every cold
    start would otherwise pay."""
    return _hasher.hash("timing-equaliser-not-a-password")
