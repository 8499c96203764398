"""Which monthly and yearly closures are due, and making them all (the scheduler's `close_cash_periods`).

A month is due once it is over (in the site's time zone) and has daily closures (Z) but no monthly
closure; a year once it is over and has closures but no yearly closure. Months come before years,
since a year is the sum of its months (services.sessions.close_period).
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.inventory.services.devices import add_months

from ..models import Closure, ClosureKind
from .sessions import close_period, local_date


@dataclass(frozen=True)
class DuePeriod:
    register: object
    kind: str
    start: date
    training: bool = False

    @property
    def label(self):
        if self.kind == ClosureKind.MONTH:
            return self.start.strftime("%m/%Y")
        return str(self.start.year)


def due_periods(register, now=None, training=False):
    """The periods of `register` to close now, in the order to close them (months, then years)."""
    today = local_date(register.site, now or timezone.now())
    closures = Closure.objects.filter(register=register, training=training)
    day_months = {
        start.replace(day=1) for start in closures.filter(kind=ClosureKind.DAY).values_list("period_start", flat=True)
    }
    closed_months = set(closures.filter(kind=ClosureKind.MONTH).values_list("period_start", flat=True))
    closed_years = {
        start.year for start in closures.filter(kind=ClosureKind.YEAR).values_list("period_start", flat=True)
    }
    months = sorted(month for month in day_months - closed_months if add_months(month, 1) <= today)
    active_years = {month.year for month in day_months | closed_months}
    years = sorted(year for year in active_years - closed_years if date(year + 1, 1, 1) <= today)
    due = [DuePeriod(register, ClosureKind.MONTH, month, training) for month in months]
    due += [DuePeriod(register, ClosureKind.YEAR, date(year, 1, 1), training) for year in years]
    return due


def close_due_periods(registers, actor, now=None):
    """Close every due period of `registers`; returns (closures made, [(due period, error message)])."""
    made, refused = [], []
    for register in registers:
        for training in (False, True):
            for period in due_periods(register, now, training):
                try:
                    made.append(close_period(register, period.kind, period.start, actor, now=now, training=training))
                except ValidationError as error:
                    refused.append((period, " ".join(error.messages)))
    return made, refused
