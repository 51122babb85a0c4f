"""Small template filters for the Scholarly pages."""

from __future__ import annotations

from typing import Any

from django import template

from matchwise.engine.scholarly.outputs import MONTH_NAMES

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: Any) -> Any:
    return mapping.get(str(getattr(key, "value", key)), key)


@register.filter
def percent_share(value: float) -> str:
    return f"{value:.0%}"


@register.filter
def month_name(month: int | None) -> str:
    """'March' for 3; '' when the month is not known."""
    return MONTH_NAMES[month - 1] if month else ""
