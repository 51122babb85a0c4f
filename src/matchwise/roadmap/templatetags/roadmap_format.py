"""Small filters for the Roadmap's pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``{{ labels|get_item:row.status }}``: a dict's value (None when missing)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def plain_number(value: Any) -> str:
    """3.0 -> "3", 2.5 -> "2.5"."""
    if value is None:
        return ""
    return f"{float(value):g}"
