from __future__ import annotations

import pytest

from tests.factories import AreaFactory
from zhuqiao.models import Area


@pytest.fixture
def area_c(db: None) -> Area:
    """A committee with no data at all."""
    return AreaFactory(code="A03", name="演示03村")
