"""Template helpers shared by every app: masking, query strings."""

from __future__ import annotations

from typing import Any

from django import template

from zhuqiao.personal_data import mask_id_number, mask_phone

register = template.Library()


@register.filter
def masked_id(value: str | None) -> str:
    return mask_id_number(value)


@register.filter
def masked_phone(value: str | None) -> str:
    return mask_phone(value)


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **kwargs: Any) -> str:
    """The current query string with some parameters replaced (keeps filters across pages)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()
