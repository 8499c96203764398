"""Template filters of the till: money in the reader's language."""

from decimal import InvalidOperation

from django import template

from tremplin.core.money import euros as money_euros
from tremplin.core.money import euros_from_cents

register = template.Library()


@register.filter
def euros(cents):
    """Integer cents → "1 234,50 €" in French, "€1,234.50" in English; empty for None or junk."""
    try:
        return euros_from_cents(int(cents))
    except (TypeError, ValueError):
        return ""


@register.filter
def price(amount):
    """A price in decimal euros (stock, catalogue) → "2,50 €" / "€2.50"; empty for None or junk."""
    try:
        return money_euros(amount)
    except (InvalidOperation, TypeError, ValueError):
        return ""


@register.filter
def signed_euros(cents):
    """A cash difference with its direction: "+5,00 €" (more cash than expected), "-5,00 €" (missing)."""
    text = euros(cents)
    try:
        return f"+{text}" if int(cents) > 0 else text
    except (TypeError, ValueError):
        return text


@register.filter
def masked_code(last4):
    """A recharge code as printed on a duplicate: only its last four characters."""
    return f"•••• •••• {last4}" if last4 else "••••"


@register.filter
def at_site(moment, site):
    """A stored (UTC) time in the site's time zone, for |date and |time."""
    from django.utils import timezone

    from ..services.sessions import site_timezone

    if moment is None:
        return ""
    # Naive on purpose: |date and |time would otherwise convert an aware time back to the project's zone.
    return timezone.localtime(moment, site_timezone(site)).replace(tzinfo=None)


@register.filter
def lookup(mapping, key):
    """mapping[key] in a template (None when absent)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def absolute(value):
    try:
        return abs(int(value))
    except (TypeError, ValueError):
        return value
