"""The whole dashboard: every block for the period and the previous one, rows carrying both values."""

from ..filters import Filters
from .activities import activity_figures, activity_over_time
from .base import COUNT, Dashboard
from .common import without_jit
from .equipment import equipment_figures, inventory_figures
from .people import people_figures
from .referrals import _JOURNEY_CACHE, funnel_figures, partner_figures
from .skills import skills_figures
from .workshops import workshop_figures

BLOCKS = (
    activity_figures,
    people_figures,
    funnel_figures,
    partner_figures,
    workshop_figures,
    equipment_figures,
    inventory_figures,
    skills_figures,
)


def compare(current, previous):
    """Copy the previous period's values (and the bases of its rates and medians) into `current` rows (matched
    by key), in place; returns current."""
    previous_figures = {row.key: row for row in previous.figures}
    for row in current.figures:
        if row.key in previous_figures:
            row.previous = previous_figures[row.key].values
            row.previous_base = previous_figures[row.key].base
    previous_tables = {table.key: table for table in previous.tables}
    for table in current.tables:
        if table.key not in previous_tables:
            continue
        previous_rows = {row.key: row for row in previous_tables[table.key].rows}
        for row in table.rows:
            if row.key in previous_rows:
                row.previous = previous_rows[row.key].values
                row.previous_base = previous_rows[row.key].base
            else:
                row.previous = tuple(0 if unit == COUNT else None for unit in table.units)
    return current


def dashboard(scope, period, filters=None, blocks=BLOCKS):
    """Every block for `period`, each row carrying the previous period's values (Period.previous())."""
    filters = filters or Filters()
    previous_period = period.previous()
    result = []
    token = _JOURNEY_CACHE.set({})
    try:
        with without_jit():
            for function in blocks:
                result.append(compare(function(scope, period, filters), function(scope, previous_period, filters)))
            if result and result[0].key == "activities":
                result[0].tables.insert(0, activity_over_time(scope, period, filters))
    finally:
        _JOURNEY_CACHE.reset(token)
    return Dashboard(scope, period, previous_period, filters, result)
