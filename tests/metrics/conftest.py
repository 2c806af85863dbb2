from __future__ import annotations

import pytest

from tests.factories import AreaFactory
from zhuqiao.models import Area


@pytest.fixture
def area_c(db: None) -> Area:
    """A committee with no data at all."""
    return AreaFactory(code="A03", name="演示03村")


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Dashboard fragments are cached per snapshot id; ids can repeat between tests."""
    from django.core.cache import cache

    cache.clear()
