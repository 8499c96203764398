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


# Browsers accept one value format in <input type=date|time|datetime-local>: ISO 8601. Django's widgets render the
# active language's format (31/01/2026 in French), which the browser discards: the field comes up empty and saving
# the form unchanged fails. Every date, time and date-time input of the app uses these.
ISO_DATE, ISO_TIME, ISO_DATETIME_LOCAL = "%Y-%m-%d", "%H:%M", "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    """A browser date picker whose value is rendered in ISO (2026-01-31)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)


class TimeInput(forms.TimeInput):
    """A browser time picker whose value is rendered as 09:30."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_TIME)


class DateTimeLocalInput(forms.DateTimeInput):
    """A browser date-and-time picker whose value is rendered as 2026-01-31T09:30 (in the current time zone)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATETIME_LOCAL)
