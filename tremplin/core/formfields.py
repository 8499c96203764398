"""Reading what people type, in addresses and forms: ids, identifiers as printed, search text, lists of ids."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

# Database integer ids stay below 2**63: a longer string of digits cannot be one, and SQLite refuses it in `IN`.
MAX_ID_DIGITS = 18


def parse_id(value):
    """An id typed in a URL or posted by a form -> int, or None when it cannot be a database id.

    `str.isdigit()` alone lets through "²" (int() refuses it) and numbers too large for the database.
    """
    value = str(value or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS:
        return int(value)
    return None


def search_text(value, limit=100):
    """Search text from a query string: trimmed, bounded, without the NUL characters PostgreSQL refuses."""
    return str(value or "").replace("\x00", "").strip()[:limit]


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """ModelMultipleChoiceField that refuses junk ids with its own message instead of a database error."""

    def _check_values(self, value):
        if not self.to_field_name:
            for pk in value if isinstance(value, list | tuple) else []:
                if parse_id(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)


# What printers and people put inside an identifier to make it readable: spaces (also the no-break and
# narrow no-break spaces of French typography), dots and every kind of dash ("356 000 000 09075",
# "352099-00-176148-1", "69.003"). They carry no information: identifiers are compared and stored without them.
IDENTIFIER_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d\uff0e]+")


def compact_identifier(value, upper=False):
    """An identifier as typed or pasted -> its stored form: separators removed (and upper-case if asked)."""
    value = IDENTIFIER_SEPARATORS.sub("", str(value or ""))
    return value.upper() if upper else value


def printed_length(max_length):
    """The longest an identifier of `max_length` characters may be as printed: a separator after each one.

    Used for the HTML `maxlength`, so that the browser never cuts a printed identifier before the
    server has removed its separators.
    """
    return 2 * max_length + 2


class CompactMaxLengthValidator(MaxLengthValidator):
    message = _(
        "Ce numéro compte au plus %(limit_value)d caractères sans les espaces, points et tirets "
        "(il en compte %(show_value)d)."
    )


class IdentifierField(forms.CharField):
    """A form field for an identifier typed as printed (SIRET, RNA, IMEI, postal code, codes…).

    Separators are removed first; `max_length`/`min_length` and every validator then apply to the
    compact value, and the HTML `maxlength` leaves room for the separators.
    """

    def __init__(self, *, upper=False, **kwargs):
        self.upper = upper
        super().__init__(**kwargs)
        self.validators = [
            CompactMaxLengthValidator(validator.limit_value) if type(validator) is MaxLengthValidator else validator
            for validator in self.validators
        ]

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return compact_identifier(value, upper=self.upper)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if self.max_length is not None and not widget.is_hidden:
            attrs["maxlength"] = str(printed_length(self.max_length))
        return attrs
