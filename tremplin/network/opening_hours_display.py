"""Show an OSM `opening_hours` value back as a plain week, in the reader's language."""

from datetime import datetime, time, timedelta

import opening_hours
from django.utils import formats
from django.utils.translation import gettext as _

# A fixed reference week (Monday 2 March 2026, no public holiday) so the display does not depend on today.
REFERENCE_MONDAY = datetime(2026, 3, 2)


def _parse(expression):
    if not expression:
        return None
    try:
        # French public holidays, so that "PH off" closes the site on 1 May, 14 July, etc.
        return opening_hours.OpeningHours(expression, country="FR", max_interval_days=366)
    except (opening_hours.ParserError, SyntaxError, ValueError):
        return None


def _open_slots(parsed, day_start):
    """["09:00–12:00", …] open on the day starting at `day_start` (a naive datetime at midnight)."""
    slots = []
    for begin, finish, state, _comment in parsed.intervals(day_start, day_start + timedelta(days=1)):
        if state == opening_hours.State.OPEN:
            until = "24:00" if finish.time() == time(0) and finish > begin else f"{finish:%H:%M}"
            slots.append(f"{begin:%H:%M}–{until}")
    return slots


def slots_on(expression, day):
    """Open slots on a real calendar `day` (public holidays and closures included); None if unknown."""
    parsed = _parse(expression)
    if parsed is None:
        return None
    return _open_slots(parsed, datetime(day.year, day.month, day.day))


def weekly_schedule(expression):
    """[(day name, ["09:00–12:00", …]), …] for Monday to Sunday; None when the expression is empty or invalid."""
    parsed = _parse(expression)
    if parsed is None:
        return None
    days = []
    for offset in range(7):
        start = REFERENCE_MONDAY + timedelta(days=offset)
        days.append((formats.date_format(start, "l").capitalize(), _open_slots(parsed, start)))
    return days


def describe(expression):
    """One line of plain text: "Lundi : 09:00–12:00 ; Mardi : fermé ; …"."""
    schedule = weekly_schedule(expression)
    if schedule is None:
        return ""
    closed = _("fermé")
    return " ; ".join(f"{day} : {', '.join(slots) if slots else closed}" for day, slots in schedule)
