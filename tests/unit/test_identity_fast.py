"""R-SUBJ-1: the fast path of identifier validation answers exactly as python-stdnum does."""

import random

import pytest
from stdnum.cn import ric
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError

from graph_service.domain.identity import validate_resident_id, validate_uscc
from tests.factories import resident_id, uscc

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _same(ours: object, theirs: object, value: str) -> None:
    try:
        expected: str | None = theirs(value)  # type: ignore[operator]
    except (ValidationError, KeyError):  # stdnum's KeyError: a city code without a county
        expected = None
    try:
        got: str | None = ours(value)  # type: ignore[operator]
    except ValueError:
        got = None
    assert got == expected, value


def _mutations(rng: random.Random, value: str, alphabet: str) -> list[str]:
    """The value, and copies with one character replaced or two swapped."""
    out = [value]
    for _ in range(20):
        chars = list(value)
        chars[rng.randrange(len(chars))] = rng.choice(alphabet)
        out.append("".join(chars))
        i, j = rng.randrange(len(chars)), rng.randrange(len(chars))
        chars[i], chars[j] = chars[j], chars[i]
        out.append("".join(chars))
    return out


@pytest.mark.parametrize("seed", range(5))
def test_r_subj_1_fast_resident_id_check_agrees_with_stdnum(seed: int) -> None:
    rng = random.Random(seed)
    for n in rng.sample(range(10**7), 200):
        for value in _mutations(rng, resident_id(n), "0123456789X"):
            _same(validate_resident_id, ric.validate, value)
    for _ in range(2000):  # random region codes and dates: unknown places, impossible days
        body = "".join(rng.choice("0123456789") for _ in range(17))
        value = body + ric.calc_check_digit(body + "0")
        _same(validate_resident_id, ric.validate, value)


@pytest.mark.parametrize("seed", range(5))
def test_r_subj_1_fast_uscc_check_agrees_with_stdnum(seed: int) -> None:
    rng = random.Random(seed)
    for n in rng.sample(range(10**9), 200):
        for value in _mutations(rng, uscc(n), USCC_CHARS + "IOSVZ"):
            _same(validate_uscc, stdnum_uscc.validate, value)
