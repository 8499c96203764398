"""Reading what people type, in addresses and forms: ids, search text, lists of ids."""

from django import forms
from django.core.exceptions import ValidationError

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
