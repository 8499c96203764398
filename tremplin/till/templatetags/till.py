"""Template filters of the till: money in the reader's language."""

from django import template
from django.utils import formats
from django.utils.translation import get_language

register = template.Library()

NBSP = "\u00a0"


@register.filter
def euros(cents):
    """Integer cents → "1 234,50 €" in French, "€1,234.50" in English; empty for None or junk."""
    try:
        cents = int(cents)
    except (TypeError, ValueError):
        return ""
    sign = "-" if cents < 0 else ""
    amount = formats.number_format(abs(cents) / 100, 2, use_l10n=True, force_grouping=True)
    if (get_language() or "fr").startswith("en"):
        return f"{sign}€{amount}"
    return f"{sign}{amount}{NBSP}€"


@register.filter
def masked_code(last4):
    """A recharge code as printed on a duplicate: only its last four characters."""
    return f"•••• •••• {last4}" if last4 else "••••"
