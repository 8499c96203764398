"""The people block's distinct people for the common scopes, flat: from the months with their previous month.

For a period of whole months [F, L] (the dashboard's presets), the whole network or one site (the scope, or a
site filter), and no other filter, the people helped are the PersonMonthPrevious rows of those months at that
level (site, or network when null) whose previous month is before F: each person has exactly one (the first
month they were helped in the period). "Already followed" is then "has a previous month" when the level is
the scope itself; with a site filter inside a wider scope, it is the first accompaniments' probe of the other
stored path (an accompaniment anywhere in the scope before F). One COUNT(*) grouped by the breakdowns, which
the rows carry (birth year, commune, genre, statut social: copied from the person's record, kept on its save).

Other cases (a month cut by the period, a type filter, a scope of several sites without a site filter, the
filters the aggregates do not serve) go through figures/people.py's other paths; the property test of
stats/tests/test_presence.py compares this path with the records-only one.
"""

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q

from ..aggregates_sync import month_split
from ..presence import PersonMonthPrevious, PersonSiteFirst
from ..presence_sync import PERSON_FIELDS


def _level(scope, filters):
    """(served, site id or None for the whole network)."""
    if filters.kind:
        return False, None
    if filters.site_id:
        return scope.site_ids is None or filters.site_id in scope.site_ids, filters.site_id
    if scope.site_ids is None:
        return True, None
    if len(scope.site_ids) == 1:
        return True, next(iter(scope.site_ids))
    return False, None


def grouped_people(scope, period, filters, fields):
    """Rows (already followed, birth year, commune, *fields, count) of the people helped, or None when this
    path does not serve the scope, period and filters. The caller has refreshed the stored data."""
    served, site_id = _level(scope, filters)
    months, ranges = month_split(period.start, period.end)
    if not served or not months or ranges or not set(fields) <= set(PERSON_FIELDS):
        return None
    first, last = months
    rows = PersonMonthPrevious.objects.filter(month__gte=first, month__lte=last).filter(
        Q(previous__isnull=True) | Q(previous__lt=first)
    )
    rows = rows.filter(site_id=site_id) if site_id else rows.filter(site__isnull=True)
    if (scope.site_ids is None and site_id is None) or scope.site_ids == frozenset({site_id}):
        already = ExpressionWrapper(Q(previous__isnull=False), output_field=BooleanField())
    else:
        firsts = PersonSiteFirst.objects.filter(beneficiary_id=OuterRef("beneficiary_id"), first_day__lt=period.start)
        if scope.site_ids is not None:
            firsts = firsts.filter(site_id__in=scope.site_ids)
        already = ExpressionWrapper(Exists(firsts), output_field=BooleanField())
    return (
        rows.annotate(already=already)
        .values_list("already", "birth_year", "commune", *fields)
        .annotate(n=Count("*"))
        .order_by()
    )
