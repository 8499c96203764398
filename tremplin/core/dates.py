"""One date format per context, defined once for templates (`|date_short`…) and Python (`display()`).

Change a context here, never with a `|date:"…"` in a template or an `strftime` in a view. Machine formats
(`Y-m-d` for date inputs, ISO 8601 in `datetime` attributes) and the compact SMS wording are not displays
for reading and stay where they are.
"""

from datetime import UTC, date, datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

DATE_FORMATS = {
    "date_short": "d/m/Y",  # tables and lists: 30/11/2026
    "datetime_short": "d/m/Y H:i",  # tables and lists: 30/11/2026 14:05
    "date_long": "j F Y",  # sentences and documents: 30 novembre 2026
    "datetime_long": "j F Y, H:i",  # sentences and documents: 30 novembre 2026, 14:05
    "day_long": "l j F Y",  # a session's day: lundi 30 novembre 2026
    "day_time_long": "l j F Y, H:i",  # a session's start: lundi 30 novembre 2026, 14:00
    "day_heading": "l j F",  # a day's heading in a week: lundi 30 novembre
    "month": "F Y",  # novembre 2026
    "year": "Y",  # 2026 (a yearly closure)
    "hour": "H:i",  # 14:05
}


def display(value, context, tz=None):
    """`value` (date or datetime) in the format of `context`.

    Aware datetimes are shown in `tz` when given (a site's zone: `site.tzinfo`), else in the current time zone.
    """
    if value in (None, ""):
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value, tz)
    return date_format(value, with_first_of_month(DATE_FORMATS[context], value))


def with_first_of_month(layout, value):
    """`layout` (a Django date format) for `value`: in French the first of the month is written « 1er »
    (« mardi 1er décembre 2026 », Lexique des règles typographiques de l'Imprimerie nationale); other days and
    numeric formats (01/12/2026) are unchanged."""
    if getattr(value, "day", None) == 1 and " j " in f" {layout} " and (get_language() or "fr").startswith("fr"):
        return layout.replace("j", r"j\e\r", 1)
    return layout


def as_utc(value):
    """An instant typed by someone (form, API) as an aware UTC `datetime`, ready for any database.

    Naive values are read in the current time zone. ISO 8601 allows offsets up to ±23:59 but PostgreSQL
    refuses any beyond ±15:59 ("time zone displacement out of range"), so the value is converted to UTC
    before it reaches a query. Raises `ValueError` when the instant, once in UTC, falls outside years
    1–9999 (for example 0001-01-01T00:00+05:00).
    """
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value.astimezone(UTC)
    except OverflowError as error:
        raise ValueError("date hors des années 1 à 9999") from error


# Days a page may be asked to show (a week's agenda, a period): enough for any real history or plan, and far
# enough from years 1 and 9999 that a week or a year on either side never overflows `date`.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)


def day_from_query(value, default):
    """The ISO day (`2026-11-30`) of a query-string parameter, or `default` when it is absent, malformed, or
    outside FIRST_DAY–LAST_DAY (`?semaine=9999-12-31` once overflowed the next-week link into a 500)."""
    try:
        day = date.fromisoformat((value or "").strip())
    except ValueError:
        return default
    return day if FIRST_DAY <= day <= LAST_DAY else default
