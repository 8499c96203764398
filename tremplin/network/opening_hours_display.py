"""Show an OSM `opening_hours` value back as a plain week, in the reader's language."""

from datetime import datetime, time, timedelta

import opening_hours
from django.utils import formats
from django.utils.translation import gettext as _

# A fixed reference week (Monday 2 March 2026, no public holiday) so the display does not depend on today.
REFERENCE_MONDAY = datetime(2026, 3, 2)


def weekly_schedule(expression):
    """[(day name, ["09:00–12:00", …]), …] for Monday to Sunday; None when the expression is empty or invalid."""
    if not expression:
        return None
    try:
        parsed = opening_hours.OpeningHours(expression)
    except (opening_hours.ParserError, ValueError):
        return None
    days = []
    for offset in range(7):
        start = REFERENCE_MONDAY + timedelta(days=offset)
        end = start + timedelta(days=1)
        slots = []
        for begin, finish, state, _comment in parsed.intervals(start, end):
            if state == opening_hours.State.OPEN:
                until = "24:00" if finish.time() == time(0) and finish > begin else f"{finish:%H:%M}"
                slots.append(f"{begin:%H:%M}–{until}")
        days.append((formats.date_format(start, "l").capitalize(), slots))
    return days


def describe(expression):
    """One line of plain text: "Lundi : 09:00–12:00 ; Mardi : fermé ; …"."""
    schedule = weekly_schedule(expression)
    if schedule is None:
        return ""
    closed = _("fermé")
    return " ; ".join(f"{day} : {', '.join(slots) if slots else closed}" for day, slots in schedule)
