"""Validation of the identifiers staff type in: 居民身份证号 and mobile numbers.

Both functions return the normalised value or raise ``ValidationError`` with a Chinese message
that says *what* is wrong without ever repeating the number (messages end up in logs, in import
reports and on screens read over a shoulder). The GB 11643 check itself is python-stdnum's
``stdnum.cn.ric``; the checks are run one by one only to tell the user which part is wrong.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric

_MOBILE = re.compile(r"^1\d{10}$")


def validate_id_number(value: str) -> str:
    """Return the normalised 18-character ID number (upper-case ``X``) or raise ValidationError.

    The library's own ``validate`` answers first (one pass; a roster import checks 200,000 of
    them); only a number it refuses goes through the step-by-step checks that name the fault.
    """
    number = ric.compact(value or "")
    try:
        number = ric.validate(number)
    except stdnum_exceptions.ValidationError:
        _explain_invalid_id_number(number)
        raise ValidationError(_("身份证号无效。"), code="id_invalid") from None
    birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    if birth > timezone.localdate() or birth < datetime.date(1890, 1, 1):
        raise ValidationError(_("身份证号中的出生日期不合理。"), code="id_birth_date")
    return number


def _explain_invalid_id_number(number: str) -> None:
    """Raise the ValidationError that says which part of a refused number is wrong."""
    if not number:
        raise ValidationError(_("请填写身份证号。"), code="required")
    if len(number) != 18:
        raise ValidationError(
            _("身份证号应为18位，当前为%(length)d位。"), code="id_length", params={"length": len(number)}
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("身份证号只能由数字组成，最后一位可以是X。"), code="id_characters")
    try:
        birth = ric.get_birth_date(number)
    except stdnum_exceptions.ValidationError:
        raise ValidationError(_("身份证号中的出生日期不存在。"), code="id_birth_date") from None
    if birth > timezone.localdate() or birth < datetime.date(1890, 1, 1):
        raise ValidationError(_("身份证号中的出生日期不合理。"), code="id_birth_date")
    if number[17] != ric.calc_check_digit(number):
        raise ValidationError(_("身份证号校验位错误，请核对后重新输入。"), code="id_check_digit")
    try:
        ric.get_birth_place(number)
    except stdnum_exceptions.ValidationError:
        raise ValidationError(_("身份证号中的地区代码不存在（或在出生年份尚未设立）。"), code="id_region") from None


def validate_mobile(value: str) -> str:
    """Return an 11-digit mainland mobile number (starting with 1) without spaces or dashes."""
    number = re.sub(r"[\s\-]", "", value or "")
    if not number:
        raise ValidationError(_("请填写手机号。"), code="required")
    if number.startswith("+86"):
        number = number[3:]
    if not number.isdigit():
        raise ValidationError(_("手机号只能包含数字。"), code="mobile_characters")
    if len(number) != 11:
        raise ValidationError(
            _("手机号应为11位，当前为%(length)d位。"), code="mobile_length", params={"length": len(number)}
        )
    if not _MOBILE.match(number):
        raise ValidationError(_("手机号应以1开头。"), code="mobile_prefix")
    return number
