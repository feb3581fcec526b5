"""Subject identifiers (R-SUBJ-1, Art. 2, 4, 51).

Organisations are keyed by their Unified Social Credit Code (GB 32100-2015); natural persons
by a keyed pseudonym of their resident ID number (GB 11643), which is never stored or
returned in clear. Error messages never repeat a resident ID number.
"""

import hashlib
import hmac
import re
from typing import Final

from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength, ValidationError

# "P" + 32 lowercase hex characters: the form `pseudonymise` returns. It cannot be mistaken
# for a USCC (18 characters), so a subject id alone tells a person from an organisation.
PSEUDONYM_PATTERN: Final = re.compile(r"P[0-9a-f]{32}")


def validate_uscc(value: str) -> str:
    """Return the compact USCC, or raise ValueError saying what is wrong (R-SUBJ-1).

    The message does not echo the value: a resident ID given where a USCC belongs would
    otherwise be repeated in clear.
    """
    try:
        return uscc.validate(value)
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
        return ric.validate(value)
    except InvalidLength:
        reason = "it must have 18 characters"
    except InvalidChecksum:
        reason = "its check digit (the 18th) does not match"
    except InvalidComponent:
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
