"""Named persons typed in as ID numbers, found in the people register."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import ric

from jobseekers.models import Person
from zhuqiao.personal_data import mask_id_number

_SEPARATORS = re.compile(r"[\s,，;；、]+")


def persons_from_id_numbers(text: str) -> list[Person]:
    """The registered persons whose ID numbers are listed in ``text`` (one per line, or separated
    by commas), in order and without repeats. Raises ValidationError naming (masked) every number
    that is malformed or not in the register, so nothing is saved half."""
    numbers: list[str] = []
    for token in _SEPARATORS.split(text or ""):
        number = ric.compact(token)
        if number and number not in numbers:
            numbers.append(number)
    invalid = [n for n in numbers if not ric.is_valid(n)]
    if invalid:
        raise ValidationError(
            _("以下身份证号格式或校验位有误：%(numbers)s") % {"numbers": "、".join(mask_id_number(n) for n in invalid)}
        )
    hashes = {Person.hash_id_number(n): n for n in numbers}
    found = {p.id_number_hash: p for p in Person.objects.filter(id_number_hash__in=hashes)}
    missing = [number for digest, number in hashes.items() if digest not in found]
    if missing:
        raise ValidationError(
            _("以下身份证号未在人员库中登记（可计入匿名人数，或请中心先登记人员）：%(numbers)s")
            % {"numbers": "、".join(mask_id_number(n) for n in missing)}
        )
    return [found[digest] for digest in hashes]
