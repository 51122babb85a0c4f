"""Small template filters for the Scholarly pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: Any) -> Any:
    return mapping.get(str(getattr(key, "value", key)), key)


@register.filter
def percent_share(value: float) -> str:
    return f"{value:.0%}"
