"""Validators for the unified social credit code (GB 32100-2015) and the resident ID number (GB 11643-1999).

Both accept lower case and surrounding spaces, return the normalised value, and raise ``ValidationError`` with a
Chinese message that names what is wrong: the length, the offending character, the check character or the date.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

ID_NUMBER_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_NUMBER_CHECK = "10X98765432"
# Province-level codes of GB/T 2260 (the first two digits of every resident ID number).
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)
# Hubei's 市州 (first four digits) for ID numbers issued in Hubei.
HUBEI_PREFECTURE_PREFIXES = frozenset("4201 4202 4203 4205 4206 4207 4208 4209 4210 4211 4212 4213 4228 4290".split())


def _normalise(value) -> str:
    return str(value or "").strip().upper()


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CODE_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def normalise_credit_code(value) -> str:
    """Return the normalised 18-character unified social credit code, or raise ``ValidationError``."""
    code = _normalise(value)
    if len(code) != 18:
        raise ValidationError(
            _("统一社会信用代码应为18位，您输入了%(length)d位。") % {"length": len(code)}, code="length"
        )
    for position, char in enumerate(code, start=1):
        if char not in CREDIT_CODE_CHARSET:
            raise ValidationError(
                _("统一社会信用代码第%(position)d位“%(char)s”不是有效字符（不使用 I、O、Z、S、V）。")
                % {"position": position, "char": char},
                code="character",
            )
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("统一社会信用代码校验位错误：最后一位应为“%(expected)s”，请核对是否输错。") % {"expected": expected},
            code="check_digit",
        )
    return code


def id_number_check_char(first17: str) -> str:
    return ID_NUMBER_CHECK[sum(int(d) * w for d, w in zip(first17, ID_NUMBER_WEIGHTS, strict=True)) % 11]


def normalise_id_number(value, *, today: datetime.date | None = None) -> str:
    """Return the normalised 18-character resident ID number, or raise ``ValidationError``."""
    number = _normalise(value)
    if len(number) != 18:
        raise ValidationError(_("身份证号码应为18位，您输入了%(length)d位。") % {"length": len(number)}, code="length")
    for position, char in enumerate(number, start=1):
        if not (char.isdigit() or (position == 18 and char == "X")):
            raise ValidationError(
                _("身份证号码第%(position)d位“%(char)s”无效：前17位只能是数字，最后一位是数字或 X。")
                % {"position": position, "char": char},
                code="character",
            )
    if number[:2] not in PROVINCE_CODES or (number[:2] == "42" and number[:4] not in HUBEI_PREFECTURE_PREFIXES):
        raise ValidationError(
            _("身份证号码前6位“%(prefix)s”不是已知的行政区划代码。") % {"prefix": number[:6]}, code="region"
        )
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("身份证号码第7–14位“%(date)s”不是真实的出生日期。") % {"date": number[6:14]}, code="date"
        ) from None
    today = today or datetime.date.today()  # noqa: DTZ011  (a birth date has no time zone)
    if born > today or born.year < 1900:
        raise ValidationError(_("身份证号码中的出生日期 %(date)s 不合理。") % {"date": born.isoformat()}, code="date")
    expected = id_number_check_char(number[:17])
    if number[17] != expected:
        raise ValidationError(
            _("身份证号码校验位错误：最后一位应为“%(expected)s”，请核对是否输错。") % {"expected": expected},
            code="check_digit",
        )
    return number


def validate_credit_code(value) -> None:
    normalise_credit_code(value)


def validate_id_number(value) -> None:
    normalise_id_number(value)


def mask_id_number(number: str) -> str:
    """420***********123X: enough to recognise a file, not enough to identify a child."""
    return f"{number[:3]}{'*' * 11}{number[-4:]}" if len(number) == 18 else "*" * len(number)
