"""Subject identifiers (R-SUBJ-1, Art. 2, 4, 51).

Organisations are keyed by their Unified Social Credit Code (GB 32100-2015); natural persons
by a keyed pseudonym of their resident ID number (GB 11643), which is never stored or
returned in clear. Error messages never repeat a resident ID number.
"""

import hashlib
import hmac
import operator
import re
from datetime import date
from functools import lru_cache
from typing import Final

from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength, ValidationError

# "P" + 32 lowercase hex characters: the form `pseudonymise` returns. It cannot be mistaken
# for a USCC (18 characters), so a subject id alone tells a person from an organisation.
PSEUDONYM_PATTERN: Final = re.compile(r"P[0-9a-f]{32}")


# Identifiers already in compact form take a fast path that gives the same answers as stdnum's
# `validate` (tests/unit/test_identity_fast.py compares them): stdnum normalises the text
# several times per number, which made it most of the cost of loading a large registry.
_COMPACT_USCC: Final = re.compile(r"[0-9]{8}[0-9A-HJ-NP-RTUWXY]{10}")
_USCC_ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE: Final = {char: value for value, char in enumerate(_USCC_ALPHABET)}
_USCC_WEIGHTS: Final = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_COMPACT_RIC: Final = re.compile(r"[0-9]{17}[0-9X]")


def _uscc_fast(number: str) -> str:
    """GB 32100-2015 check character of a well-formed compact code (as stdnum computes it)."""
    total = sum(map(operator.mul, map(_USCC_VALUE.__getitem__, number[:17]), _USCC_WEIGHTS))
    if number[-1] != _USCC_ALPHABET[(31 - total) % 31]:
        raise InvalidChecksum()
    return number


@lru_cache(maxsize=65_536)
def _birth_place_known(region: str, year: int) -> bool:
    """stdnum's birth-place check, which reads only the region code and the birth year.
    (stdnum raises KeyError for a code that names a city but no county: not a place either.)"""
    try:
        ric.get_birth_place(f"{region}{year:04d}01010000")
    except (ValidationError, KeyError):
        return False
    return True


def _ric_fast(number: str) -> str:
    """stdnum's checks of a compact resident ID number, in stdnum's order."""
    if number[-1] != ric.calc_check_digit(number):
        raise InvalidChecksum()
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidComponent() from None
    if not _birth_place_known(number[:6], born.year):
        raise InvalidComponent()
    return number


@lru_cache(maxsize=65_536)  # organisation codes are public, and repeat across a registry
def validate_uscc(value: str) -> str:
    """Return the compact USCC, or raise ValueError saying what is wrong (R-SUBJ-1).

    The message does not echo the value: a resident ID given where a USCC belongs would
    otherwise be repeated in clear.
    """
    try:
        return _uscc_fast(value) if _COMPACT_USCC.fullmatch(value) else uscc.validate(value)
    except InvalidLength:
        reason = "a USCC has 18 characters"
    except InvalidChecksum:
        reason = "its check character (the 18th) does not match"
    except ValidationError:
        reason = (
            "a USCC is 8 digits followed by 10 digits or capital letters other than I, O, S, V, Z"
        )
    raise ValueError(f"R-SUBJ-1: invalid USCC (GB 32100-2015): {reason}")


def validate_resident_id(value: str) -> str:
    """Return the compact resident ID number, or raise ValueError (R-SUBJ-1).

    The message does not echo the number, so it may be shown and logged.
    """
    try:
        return _ric_fast(value) if _COMPACT_RIC.fullmatch(value) else ric.validate(value)
    except InvalidLength:
        reason = "it must have 18 characters"
    except InvalidChecksum:
        reason = "its check digit (the 18th) does not match"
    except (InvalidComponent, KeyError):
        reason = "its region code or birth date does not exist"
    except ValidationError:
        reason = "it must be 17 digits followed by a digit or X"
    raise ValueError(f"R-SUBJ-1: invalid resident ID number (GB 11643): {reason}")


def is_pseudonym(value: str) -> bool:
    """Tell whether a subject id is a person's pseudonym (as opposed to a USCC)."""
    return PSEUDONYM_PATTERN.fullmatch(value) is not None


def pseudonymise(resident_id: str, secret: str) -> str:
    """The stable subject id of a natural person: "P" + 128 bits of HMAC-SHA256 (R-SUBJ-1).

    Keyed, so the id cannot be reversed by hashing all plausible ID numbers without the secret.
    """
    if not secret:
        raise ValueError("R-SUBJ-1: the pseudonymisation secret must not be empty")
    compact = validate_resident_id(resident_id)
    digest = hmac.new(secret.encode(), compact.encode(), hashlib.sha256).hexdigest()
    return "P" + digest[:32]


def mask_resident_id(value: str) -> str:
    """The only clear form of a resident ID the service keeps: `1201**********123X` (R-SUBJ-1)."""
    compact = validate_resident_id(value)
    return compact[:4] + "*" * 10 + compact[-4:]


# What a person types for a resident ID number: 17 digits and a digit or X (either case).
_RESIDENT_ID_SHAPE: Final = re.compile(r"[0-9]{17}[0-9Xx]")


def search_key(text: str, secret: str) -> str:
    """The subject id to look for when a regulator types a resident ID number (issue 14),
    else the text unchanged (a name, a USCC, an id or its beginning).

    A valid resident ID becomes the person's pseudonym, so the clear number goes no further
    than this function. Text shaped like one that is neither a valid resident ID nor a valid
    USCC raises ValueError with the reason, which never repeats the number.
    """
    if not _RESIDENT_ID_SHAPE.fullmatch(text):
        return text
    try:
        return pseudonymise(text.upper(), secret)
    except ValueError as invalid:
        try:
            return validate_uscc(text)
        except ValueError:
            raise invalid from None
