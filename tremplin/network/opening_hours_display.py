"""Show an OSM `opening_hours` value back as a plain week, in the reader's language.

The expression is evaluated by opening-hours-py, which departs from the OSM specification
(wiki "Key:opening_hours/specification") on a few rules. Each is worked around here or refused by
`validators.validate_opening_hours`, so that no page shows hours the site does not keep:

- "PH Su off" (a holiday sequence, a space, a weekday sequence) means "on a public holiday that falls on a
  Sunday". The library reads it as "PH,Su" (every Sunday and every holiday). Worked around: such a rule is
  kept only on the days it concerns (a holiday falling on one of its weekdays) and dropped on all others.
- A rule with a comment and no time nor state (`Sa "sur rendez-vous"`, `"fermé en août"`) means "unknown,
  see the comment". The library reads it as "open all day". Worked around: "unknown" is written before the
  comment, and unknown times are shown with their comment, never as open or closed.
- "SH" (school holidays): the library has no French school calendar and silently ignores the rule.
  Refused with a message.
- A weekday sequence followed by a space and "PH" ("Su PH") is not in the grammar; the library reads it as a
  list. Refused with a message that shows both correct spellings.

The weekly summary is "an ordinary week" only when every week of the year has the same hours outside public
holidays; otherwise (months, week numbers, "Mo[1]", dates) there is no ordinary week and `weekly_schedule`
answers None, so that pages show the rule itself rather than one week presented as every week.
"""

import re
from datetime import datetime, time, timedelta
from functools import lru_cache

import opening_hours
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .public_holidays import is_public_holiday

# A fixed reference week (Monday 2 March 2026, no public holiday) so the display does not depend on today.
REFERENCE_MONDAY = datetime(2026, 3, 2)
# Weeks compared to decide whether the hours are the same every week (a whole year from the reference week).
REFERENCE_WEEKS = 53

WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_WEEKDAY_SEQUENCE = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)(?:\[[^\]]*\])?(?:-(?:Mo|Tu|We|Th|Fr|Sa|Su))?"
_WEEKDAYS = rf"{_WEEKDAY_SEQUENCE}(?:,{_WEEKDAY_SEQUENCE})*"
# "PH Su off", "PH Sa,Su 10:00-12:00": the rule applies to holidays that fall on these weekdays.
HOLIDAY_ON_WEEKDAYS = re.compile(rf"^(?P<holidays>PH(?:,PH)?)\s+(?P<weekdays>{_WEEKDAYS})(?P<rest>(?:\s.*)?)$")
# "Su PH off": not OSM syntax.
WEEKDAYS_THEN_HOLIDAY = re.compile(rf"^{_WEEKDAYS}\s+(?:PH|SH)\b")
SCHOOL_HOLIDAYS = re.compile(r"(?<![A-Za-z])SH(?![A-Za-z])")
# A rule made of an optional selector and a comment, with no time and no state.
COMMENT_ONLY = re.compile(r'^(?P<selector>[^"]*?)\s*(?P<comment>"[^"]*")\s*$')
_HAS_TIME_OR_STATE = re.compile(r"\d\d:\d\d|\b(?:open|closed|off|unknown)\b|24/7|sunrise|sunset|dawn|dusk")


def split_rules(expression):
    """[(separator before the rule, rule text), …]; separators (";", "||") inside quoted comments are kept."""
    rules, separator, current, quoted, index = [], "", [], False, 0
    while index < len(expression):
        char = expression[index]
        if char == '"':
            quoted = not quoted
        if not quoted and (char == ";" or expression.startswith("||", index)):
            rules.append((separator, "".join(current).strip()))
            separator = ";" if char == ";" else "||"
            current = []
            index += 1 if char == ";" else 2
            continue
        current.append(char)
        index += 1
    rules.append((separator, "".join(current).strip()))
    return [(separator, rule) for separator, rule in rules if rule]


def join_rules(rules):
    text = ""
    for separator, rule in rules:
        text += (f" {separator} " if separator == "||" else "; ") + rule if text else rule
    return text


@lru_cache(maxsize=1024)
def unsupported_rule(expression):
    """A French message when the expression uses a rule the app cannot show correctly, else None."""
    for _separator, rule in split_rules(expression or ""):
        outside_comments = re.sub(r'"[^"]*"', "", rule)
        if SCHOOL_HOLIDAYS.search(outside_comments):
            return _(
                "Les vacances scolaires (SH) ne sont pas gérées : l'application ne connaît pas le calendrier "
                "scolaire de chaque zone. Indiquez les fermetures par dates, par exemple « Jul 14-Aug 15 off »."
            )
        if WEEKDAYS_THEN_HOLIDAY.match(outside_comments.strip()):
            return _(
                "« %(rule)s » est ambigu : écrivez « PH Su » pour « les jours fériés qui tombent un dimanche », "
                "ou « Su,PH » pour « tous les dimanches et tous les jours fériés »."
            ) % {"rule": rule}
    return None


def _weekday_set(sequence):
    days = set()
    for part in sequence.split(","):
        part = re.sub(r"\[[^\]]*\]", "", part)
        first, _dash, last = part.partition("-")
        start, end = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
        days.update(WEEKDAYS[(start + step) % 7] for step in range((end - start) % 7 + 1))
    return days


def _is_public_holiday(day, region=None):
    return is_public_holiday(day, region)


def _holiday_weekday(day, region=None):
    """None for an ordinary day (or the ordinary week), else the weekday ("Su") of a public holiday there."""
    if day is None or not _is_public_holiday(day, region):
        return None
    return WEEKDAYS[day.weekday()]


def prepared(expression, day=None, region=None):
    """The expression rewritten so that the library gives the OSM meaning.

    `day` None: for the ordinary week (no public holiday); else for that calendar day, at `region`
    (public_holidays.holiday_region of the site's postal code; None: national holidays).
    """
    return _prepared(expression, _holiday_weekday(day, region))


# "PH" as a selector (not inside a word): on a holiday it is replaced by that day's weekday.
_PH = re.compile(r"(?<![A-Za-z])PH(?![A-Za-z])")


@lru_cache(maxsize=1024)
def _prepared(expression, holiday_weekday):
    """On a public holiday (`holiday_weekday`, e.g. "Fr"), the holiday is decided here, not by the library's
    own calendar (national only): the rules that speak of holidays ("PH off", "PH 10:00-12:00", "PH Su off")
    are applied as rules for that weekday, and a site whose hours never speak of holidays is closed that day —
    a visitor must not find the door shut on 25 December. Hours that do speak of holidays keep the OSM meaning
    ("Mo-Su 09:00-17:00; PH Su off": open on a Monday holiday, closed on a Sunday one)."""
    rules = []
    speaks_of_it = bool(_PH.search(re.sub(r'"[^"]*"', "", expression)))
    for separator, rule in split_rules(expression):
        on_weekdays = HOLIDAY_ON_WEEKDAYS.match(rule)
        if on_weekdays:
            if holiday_weekday not in _weekday_set(on_weekdays["weekdays"]):
                continue  # "PH Su off" says nothing about this day
            rule = f"{on_weekdays['holidays']}{on_weekdays['rest']}"
        comment_only = COMMENT_ONLY.match(rule)
        if comment_only and not _HAS_TIME_OR_STATE.search(comment_only["selector"]):
            rule = " ".join(filter(None, [comment_only["selector"], "unknown", comment_only["comment"]]))
        if holiday_weekday and _PH.search(re.sub(r'"[^"]*"', "", rule)):
            rule = _PH.sub(holiday_weekday, rule)
        rules.append((separator, rule))
    if holiday_weekday and not speaks_of_it:
        rules.append((";", f"{holiday_weekday} off"))
    return join_rules(rules)


def _parse(expression, day=None, region=None):
    return _compiled(expression, _holiday_weekday(day, region)) if expression else None


@lru_cache(maxsize=1024)
def _compiled(expression, holiday_weekday):
    if unsupported_rule(expression):
        return None
    try:
        # French public holidays, so that "PH off" closes the site on 1 May, 14 July, etc.
        return opening_hours.OpeningHours(_prepared(expression, holiday_weekday), country="FR", max_interval_days=366)
    except (opening_hours.ParserError, SyntaxError, ValueError):
        return None


def _slots(parsed, day_start):
    """["09:00–12:00", "14:00–16:00 (sur rendez-vous)", …] on the day starting at `day_start` (naive midnight).

    Open times are listed; times whose state is unknown are listed with their comment (or "à confirmer").
    """
    slots = []
    for begin, finish, state, comment in parsed.intervals(day_start, day_start + timedelta(days=1)):
        if state not in (opening_hours.State.OPEN, opening_hours.State.UNKNOWN):
            continue
        until = "24:00" if finish.time() == time(0) and finish > begin else f"{finish:%H:%M}"
        whole_day = begin.time() == time(0) and until == "24:00"
        if state == opening_hours.State.UNKNOWN:
            note = comment or _("horaires à confirmer")
            slots.append(note if whole_day else f"{begin:%H:%M}–{until} ({note})")
        else:
            slots.append(f"{begin:%H:%M}–{until}" + (f" ({comment})" if comment else ""))
    return slots


def slots_on(expression, day, region=None):
    """Open slots on a real calendar `day` (public holidays at `region` and closures included); None if unknown."""
    parsed = _parse(expression, day, region)
    if parsed is None:
        return None
    return _slots(parsed, datetime(day.year, day.month, day.day))


@lru_cache(maxsize=512)
def _ordinary_week(expression, language=None):
    """[slots for Monday, …, Sunday] when every week has the same hours outside public holidays, else None."""
    parsed = _parse(expression)
    if parsed is None:
        return None
    week = [_slots(parsed, REFERENCE_MONDAY + timedelta(days=offset)) for offset in range(7)]
    for index in range(1, REFERENCE_WEEKS):
        for offset in range(7):
            start = REFERENCE_MONDAY + timedelta(weeks=index, days=offset)
            if _near_public_holiday(start.date()):
                continue
            if _slots(parsed, start) != week[offset]:
                return None
    return week


@lru_cache(maxsize=1)
def _holidays_near_reference_year():
    first = REFERENCE_MONDAY.date() - timedelta(days=7)
    days = (first + timedelta(days=offset) for offset in range(7 * (REFERENCE_WEEKS + 2)))
    return frozenset(day for day in days if _is_public_holiday(day))


def _near_public_holiday(day):
    """A public holiday or the day before/after one ("PH +1 day off" is a holiday rule, not the ordinary week)."""
    holidays = _holidays_near_reference_year()
    return any(day + timedelta(days=shift) in holidays for shift in (-1, 0, 1))


def varies_by_week(expression):
    """True when the expression is valid but its hours change from one week to another (months, dates…)."""
    return _parse(expression) is not None and _ordinary_week(expression, get_language()) is None


def weekly_schedule(expression):
    """[(day name, ["09:00–12:00", …]), …] for Monday to Sunday.

    None when the expression is empty or invalid, or when there is no ordinary week (see `varies_by_week`).
    """
    if not expression:
        return None
    week = _ordinary_week(expression, get_language())
    if week is None:
        return None
    return [
        (formats.date_format(REFERENCE_MONDAY + timedelta(days=offset), "l").capitalize(), list(slots))
        for offset, slots in enumerate(week)
    ]


def describe(expression):
    """One line of plain text: "Lundi : 09:00–12:00 ; Mardi : fermé ; …"."""
    schedule = weekly_schedule(expression)
    if schedule is None:
        return ""
    closed = _("fermé")
    return " ; ".join(f"{day} : {', '.join(slots) if slots else closed}" for day, slots in schedule)


def state_at(expression, moment, region=None):
    """ "open", "closed" or "unknown" at a naive local `moment` (public holidays at `region` included); None if
    no hours."""
    parsed = _parse(expression, moment.date(), region)
    if parsed is None:
        return None
    state, _comment = parsed.state(moment)
    if state == opening_hours.State.OPEN:
        return "open"
    return "unknown" if state == opening_hours.State.UNKNOWN else "closed"


def upcoming_public_holidays(start, days, region=None):
    """The public holidays (France, and `region`'s own) from `start` (a date) over `days` days, in order."""
    return [
        start + timedelta(days=offset)
        for offset in range(days)
        if _is_public_holiday(start + timedelta(days=offset), region)
    ]
