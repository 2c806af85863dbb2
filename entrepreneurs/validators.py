"""Validation of the 统一社会信用代码 (unified social credit code, GB 32100-2015).

The rosters importer uses :func:`validate_credit_code` too, so the message a user reads is the
same whether the code was typed into a form or came from a spreadsheet.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import uscc

# The letters GB 32100 allows: digits and capitals without I, O, S, V, Z.
_ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPQRTUWXY")


def normalise_credit_code(value: str) -> str:
    """Upper case, spaces and hyphens removed, full-width characters made half-width."""
    text = (value or "").strip()
    text = "".join(chr(ord(ch) - 0xFEE0) if "\uff01" <= ch <= "\uff5e" else ch for ch in text)
    return text.replace(" ", "").replace("-", "").replace("\u3000", "").upper()


def validate_credit_code(value: str) -> str:
    """Return the code normalised (upper case), or raise ``ValidationError`` with a Chinese message."""
    code = normalise_credit_code(value)
    if not code:
        raise ValidationError(_("请填写统一社会信用代码。"), code="required")
    if len(code) != 18:
        raise ValidationError(
            _("统一社会信用代码应为18位，当前为%(length)d位。") % {"length": len(code)}, code="length"
        )
    bad = sorted({ch for ch in code if ch not in _ALPHABET})
    if bad:
        raise ValidationError(
            _("统一社会信用代码含有不允许的字符：%(chars)s（只能是数字和除I、O、S、V、Z外的大写字母）。")
            % {"chars": "、".join(bad)},
            code="characters",
        )
    if not code[:8].isdigit():
        raise ValidationError(_("统一社会信用代码前8位（登记管理部门、机构类别和行政区划码）应为数字。"), code="format")
    if code[17] != uscc.calc_check_digit(code[:17]):
        raise ValidationError(_("统一社会信用代码校验位错误，请对照营业执照核对后重新输入。"), code="checksum")
    return code
