"""The activity block's numbers: the whole months from the exact monthly aggregates (stats/aggregates.py),
the other days of the period from the raw records, added up in one "cube".

The cube maps (kind, dimension, value) to [activities, accompaniments, minutes], with the dimensions of
ActivityMonthAggregate: "" (totals), "duree", "lieu", "autonomie", "thematique", "materiel". The same code
reads the raw records only (use_aggregates=False, or a filter the aggregates cannot serve), which is how the
tests check the aggregates against the raw figures.

Queries, whatever the period: served by the aggregates, 1 (dirty check; a few more right after a write,
once) + 1 (aggregates) + 3 (raw days: grouped counts, thématiques, equipment), the raw ones running even
when the period is whole months (they then match nothing); not served, the 3 raw ones on the whole period.
"""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Case, CharField, Count, Q, Sum, Value, When
from django.db.models.functions import TruncMonth

from ..aggregates import ActivityMonthAggregate
from ..aggregates_sync import month_split, refresh
from .common import _as_date, scoped_activities

TOTAL = ("", "")
LIST_DIMENSIONS = (("thematique", "thematiques"), ("materiel", "equipment"))


def served_by_aggregates(scope, filters):
    """The aggregates know the site, the month, the type and the breakdowns; a filter by mediator, thématique
    or partner (or a partner scope: activities of the people a partner referred) is read raw."""
    return scope.partner_ids is None and not filters.partner_id and not filters.mediator_id and not filters.thematique


def _days_q(ranges, period):
    if not ranges:
        return Q(date__lt=period.start)  # nothing, but the query still runs: same count for every period
    condition = Q()
    for start, end in ranges:
        condition |= Q(date__gte=start, date__lte=end)
    return condition


def _split(scope, period, filters, use_aggregates):
    """(aggregate rows of the whole months or None, raw activities of the other days)."""
    ranges = [(period.start, period.end)]
    stored = None
    if use_aggregates and served_by_aggregates(scope, filters):
        refresh()
        months, ranges = month_split(period.start, period.end)
        # No whole month: an empty month range (end before start), so that the query still runs.
        first, last = months or (period.end + timedelta(days=1), period.start)
        stored = ActivityMonthAggregate.objects.filter(month__gte=first, month__lte=last).order_by()
        if scope.site_ids is not None:
            stored = stored.filter(site_id__in=scope.site_ids)
        if filters.site_id:
            stored = stored.filter(site_id=filters.site_id)
        if filters.kind:
            stored = stored.filter(kind=filters.kind)
    raw = scoped_activities(scope, period, filters).filter(_days_q(ranges, period))
    return stored, raw


def _bucket():
    from .activities import DURATION_BUCKETS, _duration_q

    return Case(
        *(When(_duration_q(low, high), then=Value(key)) for key, low, high in DURATION_BUCKETS),
        output_field=CharField(),
    )


def activity_cube(scope, period, filters, use_aggregates=True):
    """{(kind, dimension, value): [activities, accompaniments, minutes]} of the scope, period and filters."""
    cube = defaultdict(lambda: [0, 0, 0])

    def add(key, activities, accompaniments, minutes):
        entry = cube[key]
        entry[0] += activities
        entry[1] += accompaniments or 0
        entry[2] += minutes or 0

    stored, raw = _split(scope, period, filters, use_aggregates)
    if stored is not None:
        sums = stored.values_list("kind", "dimension", "value").annotate(
            Sum("activities"), Sum("participants"), Sum("minutes")
        )
        for kind, dimension, value, activities, accompaniments, minutes in sums:
            add((kind, dimension, value), activities, accompaniments, minutes)
    grouped = (
        raw.annotate(bucket=_bucket())
        .values_list("kind", "place", "autonomy", "bucket")
        .annotate(Count("pk"), Sum("participant_count"), Sum("duration"))
    )
    for kind, place, autonomy, bucket, activities, accompaniments, minutes in grouped:
        for dimension, value in (TOTAL, ("duree", bucket), ("lieu", place), ("autonomie", autonomy)):
            add((kind, dimension, value), activities, accompaniments, minutes)
    # JSON lists are grouped by their whole value (few distinct combinations), then split here: portable
    # across SQLite and PostgreSQL; an activity counts once under each distinct value.
    for dimension, field_name in LIST_DIMENSIONS:
        rows = raw.values_list("kind", field_name).annotate(Count("pk"), Sum("participant_count"), Sum("duration"))
        for kind, values, activities, accompaniments, minutes in rows:
            for value in set(values) if isinstance(values, list) else ():
                add((kind, dimension, value), activities, accompaniments, minutes)
    return dict(cube)


def cube_sum(cube, dimension, value, index, kind=None):
    """Σ of one column (0 activities, 1 accompaniments, 2 minutes) over the kinds (or one kind)."""
    return sum(
        entry[index]
        for (entry_kind, entry_dimension, entry_value), entry in cube.items()
        if entry_dimension == dimension and entry_value == value and kind in (None, entry_kind)
    )


def cube_values(cube, dimension):
    """{value: (activities, accompaniments)} of one dimension, over the kinds."""
    found = {}
    for (_kind, entry_dimension, value), entry in cube.items():
        if entry_dimension == dimension:
            activities, accompaniments = found.get(value, (0, 0))
            found[value] = (activities + entry[0], accompaniments + entry[1])
    return found


def activity_per_month(scope, period, filters, use_aggregates=True):
    """{first day of month: (activities, accompaniments)} of the period."""
    found = defaultdict(lambda: (0, 0))
    stored, raw = _split(scope, period, filters, use_aggregates)
    if stored is not None:
        for month, activities, accompaniments in (
            stored.filter(dimension="").values_list("month").annotate(Sum("activities"), Sum("participants"))
        ):
            found[month] = (found[month][0] + activities, found[month][1] + (accompaniments or 0))
    rows = raw.annotate(month=TruncMonth("date")).values_list("month").annotate(Count("pk"), Sum("participant_count"))
    for month, activities, accompaniments in rows:
        month = _as_date(month)
        found[month] = (found[month][0] + activities, found[month][1] + (accompaniments or 0))
    return dict(found)
