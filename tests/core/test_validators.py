import datetime

import pytest
from django.core.exceptions import ValidationError

from core.validators import (
    credit_code_check_char,
    id_number_check_char,
    mask_id_number,
    normalise_credit_code,
    normalise_id_number,
)

# Real published codes (GB 32100-2015 check characters verified by hand).
VALID_CREDIT_CODES = ["91350100M000100Y43", "91110000600037341L", "12100000400010398P"]


@pytest.mark.parametrize("code", VALID_CREDIT_CODES)
def test_valid_credit_codes_pass(code):
    assert normalise_credit_code(code) == code


def test_credit_code_lower_case_and_spaces_are_normalised():
    assert normalise_credit_code("  91350100m000100y43 ") == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("value", "code", "words"),
    [
        ("91350100M000100Y4", "length", "18位，您输入了17位"),
        ("", "length", "您输入了0位"),
        ("91350100M000100I43", "character", "第16位“I”"),
        ("9135010OM000100Y43", "character", "第8位“O”"),
        ("91350100M000100Y44", "check_digit", "最后一位应为“3”"),
    ],
)
def test_invalid_credit_codes_name_what_is_wrong(value, code, words):
    with pytest.raises(ValidationError) as raised:
        normalise_credit_code(value)
    assert raised.value.code == code
    assert words in raised.value.messages[0]


def test_every_single_character_typo_in_a_credit_code_is_caught():
    code = VALID_CREDIT_CODES[0]
    charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for position in range(17):
        for replacement in charset:
            if replacement == code[position]:
                continue
            typo = code[:position] + replacement + code[position + 1 :]
            assert credit_code_check_char(typo[:17]) != code[17]


# 11010519491231002X is the standard's own example; the others are built with the check rule.
VALID_ID_NUMBERS = ["11010519491231002X", "420102201503071234"[:17] + id_number_check_char("42010220150307123")]


@pytest.mark.parametrize("number", VALID_ID_NUMBERS)
def test_valid_id_numbers_pass(number):
    assert normalise_id_number(number) == number


def test_id_number_lower_case_x_and_spaces_are_normalised():
    assert normalise_id_number(" 11010519491231002x ") == "11010519491231002X"


@pytest.mark.parametrize(
    ("value", "code", "words"),
    [
        ("1101051949123100", "length", "您输入了16位"),
        ("1101051949123100XX", "character", "第17位“X”"),
        ("11010519491231002A", "character", "第18位“A”"),
        ("990105194912310020", "region", "“990105”"),
        ("429905194912310020", "region", "“429905”"),
        ("110105194902300021", "date", "“19490230”"),
        ("110105203001010021", "date", "2030-01-01"),
        ("110105194912310021", "check_digit", "最后一位应为“X”"),
    ],
)
def test_invalid_id_numbers_name_what_is_wrong(value, code, words):
    with pytest.raises(ValidationError) as raised:
        normalise_id_number(value, today=datetime.date(2026, 11, 29))
    assert raised.value.code == code
    assert words in raised.value.messages[0]


def test_id_numbers_are_masked_for_display():
    assert mask_id_number("11010519491231002X") == "110***********002X"
