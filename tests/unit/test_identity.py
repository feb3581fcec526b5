"""R-SUBJ-1: organisation codes and resident ID numbers, pseudonyms and masks."""

import hashlib
import hmac

import pytest
from stdnum.cn import ric
from stdnum.cn import uscc as stdnum_uscc

from graph_service.domain.identity import (
    is_pseudonym,
    mask_resident_id,
    pseudonymise,
    validate_resident_id,
    validate_uscc,
)
from tests.factories import resident_id, uscc

SECRET = "unit-test-secret"


def _resident_id_with_x() -> str:
    """A valid resident ID whose check character is X, the case that needs upper-casing."""
    return next(rid for rid in map(resident_id, range(100)) if rid.endswith("X"))


def test_r_subj_1_factories_make_valid_identifiers() -> None:
    assert stdnum_uscc.is_valid(uscc(7))
    assert ric.is_valid(resident_id(7))
    assert len({uscc(n) for n in range(50)}) == 50
    assert len({resident_id(n) for n in range(0, 5000, 7)}) == len(range(0, 5000, 7))


def test_r_subj_1_valid_uscc_is_returned_compact() -> None:
    code = uscc(42)
    spaced = f" {code[:8]} {code[8:].lower()} "
    assert validate_uscc(spaced) == code


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("9112010100000004", "18 characters"),
        ("A1120101000000042X", "8 digits"),
        ("91120101I0000004XX", "8 digits"),
    ],
)
def test_r_subj_1_malformed_uscc_is_refused(value: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason) as raised:
        validate_uscc(value)
    assert str(raised.value).startswith("R-SUBJ-1")


def test_r_subj_1_uscc_with_wrong_check_character_is_refused() -> None:
    code = uscc(42)
    wrong = code[:-1] + ("1" if code[-1] != "1" else "2")
    with pytest.raises(ValueError, match="check character"):
        validate_uscc(wrong)


def test_r_subj_1_uscc_error_does_not_repeat_the_value() -> None:
    # A resident ID given where a USCC belongs must not come back in clear.
    with pytest.raises(ValueError) as raised:
        validate_uscc(resident_id(3))
    assert resident_id(3) not in str(raised.value)


def test_r_subj_1_valid_resident_id_is_returned_compact() -> None:
    rid = _resident_id_with_x()
    assert validate_resident_id(f" {rid.lower()} ") == rid


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("12010119600101001", "18 characters"),
        ("1201011960010100AX", "17 digits"),
        ("120101196013010010", "birth date"),  # month 13
        ("990101196001010010", "region code"),
    ],
)
def test_r_subj_1_malformed_resident_id_is_refused(value: str, reason: str) -> None:
    # Fix the check digit so that the named component is what fails.
    if len(value) == 18 and value[:-1].isdigit():
        value = value[:-1] + ric.calc_check_digit(value)
    with pytest.raises(ValueError, match=reason) as raised:
        validate_resident_id(value)
    assert value not in str(raised.value)


def test_r_subj_1_resident_id_with_wrong_check_digit_is_refused() -> None:
    rid = resident_id(5)
    wrong = rid[:-1] + ("1" if rid[-1] != "1" else "2")
    with pytest.raises(ValueError, match="check digit") as raised:
        validate_resident_id(wrong)
    assert wrong not in str(raised.value)


def test_r_subj_1_pseudonym_is_keyed_hmac_of_the_compact_id() -> None:
    rid = _resident_id_with_x()
    expected = hmac.new(SECRET.encode(), rid.encode(), hashlib.sha256).hexdigest()[:32]
    assert pseudonymise(rid, SECRET) == "P" + expected
    assert pseudonymise(rid.lower(), SECRET) == pseudonymise(rid, SECRET)
    assert pseudonymise(rid, "another secret") != pseudonymise(rid, SECRET)
    assert pseudonymise(resident_id(1), SECRET) != pseudonymise(resident_id(2), SECRET)


def test_r_subj_1_pseudonym_needs_a_secret_and_a_valid_id() -> None:
    with pytest.raises(ValueError, match="secret"):
        pseudonymise(resident_id(1), "")
    with pytest.raises(ValueError, match="R-SUBJ-1"):
        pseudonymise("123", SECRET)


def test_r_subj_1_pseudonyms_and_usccs_are_told_apart() -> None:
    assert is_pseudonym(pseudonymise(resident_id(1), SECRET))
    assert not is_pseudonym(uscc(1))
    assert not is_pseudonym(resident_id(1))
    assert not is_pseudonym("P" + "A" * 32)


def test_r_subj_1_mask_keeps_four_characters_at_each_end() -> None:
    rid = _resident_id_with_x()
    masked = mask_resident_id(rid.lower())
    assert masked == rid[:4] + "**********" + rid[-4:]
    assert len(masked) == 18
    assert masked.startswith("1201")
    assert masked.endswith("X")


def test_r_subj_1_mask_refuses_an_invalid_id() -> None:
    with pytest.raises(ValueError, match="R-SUBJ-1"):
        mask_resident_id("1201")
