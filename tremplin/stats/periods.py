"""The period a statistics page covers: presets or a custom range, read from GET with French errors."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.core.dates import FIRST_DAY, LAST_DAY, display

# Longest custom period accepted (the dashboard's per-day series would grow without bound otherwise).
MAX_DAYS = 366 * 5

PRESETS = (
    ("mois", gettext_lazy("Ce mois-ci")),
    ("mois_dernier", gettext_lazy("Le mois dernier")),
    ("trimestre", gettext_lazy("Ce trimestre")),
    ("trimestre_dernier", gettext_lazy("Le trimestre dernier")),
    ("annee", gettext_lazy("Cette année")),
    ("annee_derniere", gettext_lazy("L'année dernière")),
    ("12_mois", gettext_lazy("Les 12 derniers mois")),
    ("personnalisee", gettext_lazy("Période personnalisée")),
)
DEFAULT_PRESET = "annee"


class PeriodError(ValueError):
    """A period that cannot be read; str(error) is a French sentence for the page, `field` the query
    parameter at fault ("periode", "du", "au"; "" for the two dates together)."""

    def __init__(self, message, field=""):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Period:
    """Both ends included (calendar days, local time)."""

    start: date
    end: date
    preset: str = "personnalisee"

    def __post_init__(self):
        if self.end < self.start:
            raise PeriodError(_("La date de fin doit être postérieure ou égale à la date de début."))

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def previous(self):
        """The period of the same shape just before: previous month / quarter / year for calendar presets,
        else the same number of days ending the day before `start`."""
        if _is_whole_months(self.start, self.end):
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            start = _add_months(self.start, -months)
            return Period(start, self.start - timedelta(days=1), "personnalisee")
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1), "personnalisee")

    @property
    def text(self):
        """« du 01/01/2026 au 30/06/2026 », for headers of exports, reports and shared pages."""
        return _("du %(start)s au %(end)s") % {
            "start": display(self.start, "date_short"),
            "end": display(self.end, "date_short"),
        }

    def contains(self, day):
        return self.start <= day <= self.end

    def query_params(self):
        """GET parameters that give this period back (for links, exports, share links)."""
        if self.preset != "personnalisee":
            return {"periode": self.preset}
        return {"periode": "personnalisee", "du": self.start.isoformat(), "au": self.end.isoformat()}


def _add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _month_end(day):
    return _add_months(day, 1) - timedelta(days=1)


def _is_whole_months(start, end):
    return start.day == 1 and end == _month_end(end)


def preset_period(preset, today=None):
    today = today or timezone.localdate()
    month_start = today.replace(day=1)
    quarter_start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    if preset == "mois":
        return Period(month_start, _month_end(today), preset)
    if preset == "mois_dernier":
        start = _add_months(month_start, -1)
        return Period(start, _month_end(start), preset)
    if preset == "trimestre":
        return Period(quarter_start, _month_end(_add_months(quarter_start, 2)), preset)
    if preset == "trimestre_dernier":
        start = _add_months(quarter_start, -3)
        return Period(start, quarter_start - timedelta(days=1), preset)
    if preset == "annee":
        return Period(date(today.year, 1, 1), date(today.year, 12, 31), preset)
    if preset == "annee_derniere":
        return Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31), preset)
    if preset == "12_mois":
        start = _add_months(month_start, -11)
        return Period(start, _month_end(today), preset)
    raise PeriodError(_("Période inconnue."), "periode")


def _parse_day(value, missing, invalid, field):
    value = (value or "").strip()
    if not value:
        raise PeriodError(missing, field)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        try:
            number, month, year = (int(part) for part in value.replace("-", "/").split("/"))
            day = date(year, month, number)
        except (ValueError, TypeError):
            raise PeriodError(invalid, field) from None
    if not FIRST_DAY <= day <= LAST_DAY:  # the previous period must stay in the calendar
        raise PeriodError(
            _("Indiquez une date entre le %(first)s et le %(last)s.")
            % {"first": display(FIRST_DAY, "date_short"), "last": display(LAST_DAY, "date_short")},
            field,
        )
    return day


def period_from_query(params, today=None):
    """Period from GET parameters `periode` (a preset key), `du` and `au` (custom).

    Raises PeriodError with a French message; an absent `periode` gives the default preset.
    """
    preset = (params.get("periode") or "").strip() or DEFAULT_PRESET
    if preset != "personnalisee":
        return preset_period(preset, today)
    start = _parse_day(
        params.get("du"),
        _("Indiquez la date de début de la période."),
        _("La date de début n'est pas une date valide (jj/mm/aaaa ou aaaa-mm-jj)."),
        "du",
    )
    end = _parse_day(
        params.get("au"),
        _("Indiquez la date de fin de la période."),
        _("La date de fin n'est pas une date valide (jj/mm/aaaa ou aaaa-mm-jj)."),
        "au",
    )
    if start.year < 2000 or end.year > 2100:
        raise PeriodError(_("Choisissez une période entre 2000 et 2100."))
    period = Period(start, end, "personnalisee")
    if period.days > MAX_DAYS:
        raise PeriodError(_("La période ne peut pas dépasser cinq ans."))
    return period
