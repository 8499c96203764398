"""A weekly grid (days × time ranges, public holidays closed or not) that reads and writes OSM opening hours.

Site staff fill the grid; the OSM expression is written for them ("Mo-Fr 09:00-12:00,14:00-17:00; PH off").
An expression the grid cannot show exactly (months, comments, "PH Su"…) is left to the expert field: the
grid is offered only when writing it back gives the same hours on every day of a whole year.
"""

import re
from datetime import date, time, timedelta

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from . import opening_hours_display
from .validators import validate_opening_hours

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
RANGES_PER_DAY = 2
_SLOT = re.compile(r"^(\d\d):(\d\d)–(\d\d):(\d\d)$")
# Every day of a year starting on a Monday, holidays included: enough to compare two expressions.
_CHECK_FROM = date(2026, 1, 5)
_CHECK_DAYS = 371


def field_name(day, index, end):
    return f"{day.lower()}_{index}_{'end' if end else 'start'}"


def _range_text(start, end):
    return f"{start:%H:%M}-{end:%H:%M}"


def expression_from_grid(days, holidays_closed):
    """OSM text for {"Mo": [(start, end), …], …}; consecutive days with the same ranges share one rule."""
    texts = [",".join(_range_text(start, end) for start, end in days.get(day, [])) for day in DAYS]
    if not any(texts):
        return ""
    rules, index = [], 0
    while index < len(DAYS):
        last = index
        while last + 1 < len(DAYS) and texts[last + 1] == texts[index]:
            last += 1
        if texts[index]:
            selector = DAYS[index] if last == index else f"{DAYS[index]}-{DAYS[last]}"
            rules.append(f"{selector} {texts[index]}")
        index = last + 1
    if holidays_closed:
        rules.append("PH off")
    else:
        # Open on public holidays with the usual hours of the day: said in so many words ("PH Mo-Fr 09:00-…"),
        # since hours that never speak of holidays are shown closed on them (opening_hours_display).
        rules += [f"PH {rule}" for rule in list(rules)]
    return "; ".join(rules)


def _same_hours(first, second):
    for offset in range(_CHECK_DAYS):
        day = _CHECK_FROM + timedelta(days=offset)
        if opening_hours_display.slots_on(first, day) != opening_hours_display.slots_on(second, day):
            return False
    return True


def grid_from_expression(expression):
    """({"Mo": [(start, end), …], …}, holidays_closed) showing `expression` exactly, or None if the grid cannot."""
    if not expression:
        return {day: [] for day in DAYS}, True
    schedule = opening_hours_display.weekly_schedule(expression)
    if schedule is None:
        return None
    days = {}
    for day, (_name, slots) in zip(DAYS, schedule, strict=True):
        if len(slots) > RANGES_PER_DAY:
            return None
        ranges = []
        for slot in slots:
            found = _SLOT.match(slot)
            if not found or found.group(3, 4) == ("24", "00"):
                return None
            ranges.append((time(int(found[1]), int(found[2])), time(int(found[3]), int(found[4]))))
        days[day] = ranges
    for holidays_closed in (True, False):
        if _same_hours(expression, expression_from_grid(days, holidays_closed)):
            return days, holidays_closed
    return None


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class OpeningHoursForm(forms.Form):
    """The grid and the expert field. The button pressed (`source`) says which one is saved."""

    SOURCE_GRID, SOURCE_EXPERT = "grid", "expert"

    holidays_closed = forms.BooleanField(label=_("Fermé les jours fériés"), required=False)
    expert = forms.CharField(
        label=_("Horaires au format OpenStreetMap"),
        required=False,
        max_length=500,
        validators=[validate_opening_hours],
        help_text=_("Pour les cas que la grille ne couvre pas, par exemple « Mo-Fr 09:00-17:00; Aug off »."),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )

    def __init__(self, *args, expression="", **kwargs):
        self.expression = expression or ""
        grid = grid_from_expression(self.expression)
        self.grid_fits = grid is not None
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("expert", self.expression)
        if grid is not None:
            days, holidays_closed = grid
            initial.setdefault("holidays_closed", holidays_closed)
            for day, ranges in days.items():
                for index, (start, end) in enumerate(ranges, start=1):
                    initial.setdefault(field_name(day, index, False), start)
                    initial.setdefault(field_name(day, index, True), end)
        super().__init__(*args, **kwargs)
        for day in DAYS:
            for index in range(1, RANGES_PER_DAY + 1):
                for end in (False, True):
                    self.fields[field_name(day, index, end)] = forms.TimeField(
                        required=False,
                        widget=TimeInput(),
                        error_messages={"invalid": _("Heure attendue, par exemple 09:30.")},
                    )

    @property
    def source(self):
        return self.data.get("source") if self.is_bound else None

    def rows(self):
        """[(day name, [(start field, end field), …]), …] for the template."""
        monday = opening_hours_display.REFERENCE_MONDAY
        names = [formats.date_format(monday + timedelta(days=offset), "l").capitalize() for offset in range(7)]
        return [
            (
                name,
                [
                    (self[field_name(day, index, False)], self[field_name(day, index, True)])
                    for index in range(1, RANGES_PER_DAY + 1)
                ],
            )
            for day, name in zip(DAYS, names, strict=True)
        ]

    def _grid_days(self):
        days = {}
        for day in DAYS:
            ranges, previous_end = [], None
            for index in range(1, RANGES_PER_DAY + 1):
                start_name, end_name = field_name(day, index, False), field_name(day, index, True)
                start, end = self.cleaned_data.get(start_name), self.cleaned_data.get(end_name)
                if start is None and end is None:
                    continue
                if start is None or end is None:
                    self.add_error(start_name if start is None else end_name, _("Indiquez le début et la fin."))
                elif end <= start:
                    self.add_error(end_name, _("La fin doit suivre le début."))
                elif previous_end is not None and start < previous_end:
                    self.add_error(start_name, _("Cette plage chevauche la précédente."))
                else:
                    ranges.append((start, end))
                    previous_end = end
            days[day] = ranges
        return days

    def clean(self):
        cleaned = super().clean()
        if self.source == self.SOURCE_EXPERT:
            for name in [name for name in self._errors if name not in ("expert", NON_FIELD_ERRORS)]:
                del self._errors[name]  # the grid is not what is being saved
            if not self.has_error("expert"):
                cleaned["opening_hours"] = " ".join((cleaned.get("expert") or "").split())
        else:
            days = self._grid_days()
            if not self.errors:
                cleaned["opening_hours"] = expression_from_grid(days, cleaned.get("holidays_closed"))
        return cleaned
