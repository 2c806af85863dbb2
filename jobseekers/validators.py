"""Validation of the identifiers staff type in: 居民身份证号 and mobile numbers.

Both functions return the normalised value or raise ``ValidationError`` with a Chinese message
that says *what* is wrong without ever repeating the number (messages end up in logs, in import
reports and on screens read over a shoulder). The GB 11643 check digit is python-stdnum's
``stdnum.cn.ric``; its region check (the code must exist in the birth year) is deliberately not
used, see ``validate_id_number``.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import numdb
from stdnum.cn import ric

_MOBILE = re.compile(r"^1\d{10}$")


def validate_id_number(value: str) -> str:
    """Return the normalised 18-character ID number (upper-case ``X``) or raise ValidationError.

    The check digit and the birth date decide. The region code does not: a code created after
    the birth (310115 Pudong dates from 1993, yet residents born earlier hold 310115 numbers
    issued later) is accepted, and one that never existed is not refused here but has to be
    confirmed by the staff member (``id_region_known`` and ``require_region_confirmed``), in
    forms, the API and the roster import alike.
    """
    # Plain ASCII letters and digits (every cell of a roster, nearly every form) need none of
    # compact's clean-up of separators and look-alike characters, only the upper-case X.
    number = (
        value.upper() if isinstance(value, str) and value.isascii() and value.isalnum() else ric.compact(value or "")
    )
    if not number:
        raise ValidationError(_("请填写身份证号。"), code="required")
    if len(number) != 18:
        raise ValidationError(
            _("身份证号应为18位，当前为%(length)d位。"), code="id_length", params={"length": len(number)}
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("身份证号只能由数字组成，最后一位可以是X。"), code="id_characters")
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号中的出生日期不存在。"), code="id_birth_date") from None
    # Today's date in the centre's time zone only when the birth date is within a day of the
    # machine's today: a roster validates hundreds of thousands of numbers.
    recent = birth >= datetime.date.today() - datetime.timedelta(days=1)
    if (recent and birth > timezone.localdate()) or birth < datetime.date(1890, 1, 1):
        raise ValidationError(_("身份证号中的出生日期不合理。"), code="id_birth_date")
    if number[17] != ric.calc_check_digit(number):
        raise ValidationError(_("身份证号校验位错误，请核对后重新输入。"), code="id_check_digit")
    return number


@functools.lru_cache(maxsize=8192)
def _region_ever_existed(code: str) -> bool:
    return any(props.get("county") for _part, props in numdb.get("cn/loc").info(code))


def id_region_known(number: str) -> bool:
    """Whether the number's first six digits were ever an administrative division code, in any
    year (python-stdnum's list of GB/T 2260 codes and their validity periods)."""
    return _region_ever_existed(number[:6])


REGION_UNCONFIRMED = _("身份证号中的地区代码不在国家行政区划代码中，请与证件核对；核对无误请勾选“已核对证件”后再保存。")


def require_region_confirmed(number: str, *, confirmed: bool) -> None:
    """Raise a ValidationError asking for confirmation when the region code never existed."""
    if not confirmed and not id_region_known(number):
        raise ValidationError(REGION_UNCONFIRMED, code="id_region_unconfirmed")


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


NAME_MAX_LENGTH = 64  # Person.name's column
# The middle dot of minority and foreign names (阿卜杜勒·艾则孜) arrives in several look-alikes.
_MIDDLE_DOTS = str.maketrans({"・": "·", "･": "·", "•": "·", "‧": "·", "∙": "·", "●": "·"})
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))


def _name_character_allowed(char: str) -> bool:
    code = ord(char)
    if any(low <= code <= high for low, high in _HAN_RANGES) or char in "·〇 -'":
        return True
    if char.isascii() and char.isdigit():  # anonymised rosters number the names they hide: 居民7
        return True
    return char.isalpha() and code < 0x250  # Latin letters, accented ones included


def validate_person_name(value: str) -> str:
    """Return the name tidied (full-width letters and spaces folded, the middle dot unified, runs
    of spaces collapsed) or raise ValidationError: Chinese characters, Latin letters, spaces, the
    middle dot, hyphens and apostrophes are allowed; control characters, emoji and other symbols
    are refused, and a name over the limit is refused with the limit said, never cut."""
    name = unicodedata.normalize("NFKC", value or "").translate(_MIDDLE_DOTS)
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") and char != " " for char in name):
        raise ValidationError(_("姓名中不能含有控制字符或换行。"), code="name_control")
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("请填写姓名。"), code="required")
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            _("姓名不能超过%(max)d个字，当前为%(length)d个。"),
            code="name_length",
            params={"max": NAME_MAX_LENGTH, "length": len(name)},
        )
    if not all(_name_character_allowed(char) for char in name):
        raise ValidationError(
            _("姓名只能包含汉字、英文字母、空格和间隔号“·”，不能含有表情符号或其他符号。"), code="name_characters"
        )
    return name
