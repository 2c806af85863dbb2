"""Valid identifiers for test data: 居民身份证号 (GB 11643) and 统一社会信用代码 (GB 32100)."""

from __future__ import annotations

import datetime
import itertools

from stdnum.cn import ric, uscc

_serial = itertools.count(1)


def id_number(
    birth: datetime.date = datetime.date(1990, 5, 17), *, female: bool = False, region: str = "310104"
) -> str:
    """A valid 18-character ID number, unique within the test run.

    python-stdnum also checks the region code against the birth date (310115 Pudong exists only
    from 1993), so the default region is one valid for every birth year.
    """
    n = next(_serial) % 500
    seq = n * 2 + (0 if female else 1)
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum reads the first 17 of 18


def credit_code(n: int | None = None) -> str:
    """A valid 18-character unified social credit code, unique within the test run."""
    n = next(_serial) if n is None else n
    body = f"91310115MA{n:07d}"[:17]
    return body + uscc.calc_check_digit(body)
