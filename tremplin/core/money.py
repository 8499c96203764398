"""Money as people read it: one format for every page, receipt, PDF and sentence of the product.

French (the default): "1 234,50 €" — comma decimals, a non-breaking space between thousands and before the
sign, always two decimals (a till prints its cents: "5,00 €" beside "2,50 €" in one column, never "5 €").
English: "€1,234.50". The language is the active one (the request's, or the one a PDF is rendered in).

Two entry points for the two units the product stores: integer cents (the till's amounts) and decimal
euros (prices of the stock and the price grid).
"""

from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import get_language

NBSP = "\u00a0"


def _format(amount: Decimal) -> str:
    sign = "-" if amount < 0 else ""
    digits = formats.number_format(abs(amount), 2, use_l10n=True, force_grouping=True)
    if (get_language() or "fr").startswith("en"):
        return f"{sign}€{digits}"
    return f"{sign}{digits}{NBSP}€"


def euros_from_cents(cents: int) -> str:
    """Integer cents → "1 234,50 €" (French) / "€1,234.50" (English). TypeError/ValueError for non-integers."""
    return _format(Decimal(int(cents)) / 100)


def euros(amount) -> str:
    """A decimal amount of euros (Decimal, int or its text "12.5") → "12,50 €" / "€12.50".

    Raises InvalidOperation/TypeError for what is not a number; callers that show stored values decide
    what an empty value reads as.
    """
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise InvalidOperation(f"not an amount: {amount!r}") from error
    if not value.is_finite():
        raise InvalidOperation(f"not an amount: {amount!r}")
    return _format(value)
