from decimal import InvalidOperation

from django import template

from tremplin.core.money import euros as money_euros

register = template.Library()


@register.filter
def euros(value):
    """Decimal euros 12.5 → "12,50 €" in French, "€12.50" in English (core.money); "—" when empty."""
    if value is None or value == "":
        return "—"
    try:
        return money_euros(value)
    except (InvalidOperation, TypeError, ValueError):
        return "—"
