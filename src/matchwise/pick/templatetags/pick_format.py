"""Template filters for probabilities: '7.8%' under 10%, '51%' above (as in the CLI)."""

from django import template

from matchwise.formats.pick.results import format_probability as pct

register = template.Library()


@register.filter
def percent(value: float) -> str:
    return pct(float(value))


@register.filter
def interval(pair: tuple[float, float]) -> str:
    low, high = pair
    return f"{pct(float(low))}–{pct(float(high))}"


@register.filter
def figure(value: float | None) -> str:
    """A published or modelled figure: a percent for a probability, else the number."""
    if value is None:
        return "–"
    return pct(float(value)) if abs(value) < 1.5 else f"{value:,.2f}".removesuffix(".00")
