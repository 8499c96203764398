"""Reading what people type: ids, identifiers as printed, search text, lists of ids, free text."""

import re

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from tremplin.core.dates import FIRST_DAY, LAST_DAY, as_utc, display

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


# Free text (remarks, context, descriptions): long enough for a real note, short enough to read on a phone.
FREE_TEXT_MAX_LENGTH = 2000


def limit_free_text(field, max_length=FREE_TEXT_MAX_LENGTH):
    """Give a multi-line text field a length limit, checked here with a clear French message.

    The browser is not told `maxlength` (it would cut a pasted text without a word); the textarea carries
    `data-max-length` instead, and tremplin.js shows a live counter under it ("120 / 2 000 caractères").
    """
    if field.max_length is None or field.max_length > max_length:
        field.max_length = max_length
        field.validators = [v for v in field.validators if not isinstance(v, validators.MaxLengthValidator)]
        field.validators.append(FreeTextLengthValidator(max_length))
    field.widget.attrs.pop("maxlength", None)
    field.widget.attrs["data-max-length"] = str(field.max_length)
    # The counter's wording, in the page's language (tremplin.js fills in {count} and {limit}).
    field.widget.attrs["data-counter-text"] = _("{count} / {limit} caractères")
    field.widget.attrs["data-counter-over-text"] = _("{count} / {limit} caractères : raccourcissez le texte")
    return field


class FreeTextLengthValidator(validators.MaxLengthValidator):
    message = ngettext_lazy(
        "Ce texte est trop long : %(limit_value)d caractère au plus (il en compte %(show_value)d). Raccourcissez-le.",
        "Ce texte est trop long : %(limit_value)d caractères au plus (il en compte %(show_value)d). Raccourcissez-le.",
        "limit_value",
    )


class FreeTextField(forms.CharField):
    """A multi-line free-text form field with a limit (`limit_free_text`)."""

    def __init__(self, *, max_length=FREE_TEXT_MAX_LENGTH, rows=3, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(**kwargs)
        limit_free_text(self, max_length)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class FreeTextLimitsMixin:
    """For forms whose free text comes from a model TextField (which has no limit): every textarea gets
    `limit_free_text`, at FREE_TEXT_MAX_LENGTH or the form's `free_text_limits = {"field": length}`."""

    free_text_limits = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and isinstance(field.widget, forms.Textarea):
                limit_free_text(field, self.free_text_limits.get(name, FREE_TEXT_MAX_LENGTH))


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


class DateTimeField(forms.DateTimeField):
    """A date and time as typed (`2026-01-31T09:30`, read in the current time zone) or sent with any ISO 8601
    offset, cleaned to an aware UTC `datetime` (core.dates.as_utc): PostgreSQL refuses offsets beyond ±15:59.
    An instant outside years 1–9999 is the field's "invalid" error, never a server error."""

    widget = DateTimeLocalInput

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return as_utc(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class DateField(forms.DateField):
    """A day picked (2026-01-31) or typed (31/01/2026), between core.dates.FIRST_DAY and LAST_DAY (1900–2199),
    so that a week or a period on either side of it stays in Python's calendar: a programme saved from
    0001-01-01 once made its page a server error. Every form's date field is this one (test_date_offsets)."""

    widget = DateInput
    default_error_messages = {"out_of_range": _("Indiquez une date entre le %(first)s et le %(last)s.")}

    def validate(self, value):
        super().validate(value)
        if value is not None and not FIRST_DAY <= value <= LAST_DAY:
            raise ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"first": display(FIRST_DAY, "date_short"), "last": display(LAST_DAY, "date_short")},
            )
