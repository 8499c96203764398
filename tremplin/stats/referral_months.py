"""The funnel's and partners' counts per site × partner × month of reception (presence.ReferralMonthAggregate).

One definition of the counted steps, `step_conditions()`, read both by the aggregates' computation (from the
stored journeys) and by figures/referrals.py for the days of a period that are not whole months (from the
referrals and their journeys), so that both paths count alike.

Kept exact by journeys_sync.py with the journeys, in the same transaction under the same lock: every claimed
referral's old (site, month) — the snapshot kept on its journey — and new one are recomputed with one DELETE
and one INSERT … SELECT grouped from the journeys, whatever their number; a deleted referral marks its
site-month (ReferralJourneyDirty.site_id/month). `differences()` compares every stored row with the same
grouping done from the referrals' current site and reception (the nightly check).
"""

from django.db import connection
from django.db.models import Count, DateField, Func, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .presence import MONTH_COUNTS, ReferralJourney, ReferralMonthAggregate


class LocalMonth(Func):
    """The first day of the local (server time zone) month of a datetime column, as a date, in SQL."""

    output_field = DateField()
    template = "CAST(%(expressions)s AS date)"

    def __init__(self, expression):
        super().__init__(TruncMonth(expression))

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="date(%(expressions)s)", **extra)


def local_month(moment):
    """The same in Python: the first day of the local month of an aware datetime."""
    return timezone.localtime(moment).date().replace(day=1)


def step_conditions(journey="", referral=""):
    """{count: Q} of the steps after "referred" (MONTH_COUNTS[1:]), the lookups prefixed by the path to the
    journey and to the referral: ("", "referral__") from ReferralJourney, ("stats_journey__", "") from Referral.
    Contacted: a successful contact attempt, a status contacted/accepted, or accepted without either; the
    steps after "accepted" count accepted referrals only (figures/referrals.funnel_figures)."""
    from tremplin.referrals.choices import Status

    accepted = Q(**{f"{referral}status": Status.ACCEPTED})

    def reached(step):
        return Q(**{f"{journey}{step}__isnull": False})

    return {
        "contacted": reached("first_attempt") | reached("first_contact_status") | accepted,
        "accepted": accepted,
        "declined": Q(**{f"{referral}status": Status.DECLINED}),
        "diagnosed": accepted & reached("diagnosed_at"),
        "workshop": accepted & reached("workshop_at"),
        "equipped": accepted & reached("equipped_at"),
        "follow_up": accepted & reached("follow_up_at"),
    }


def counts(journey="", referral=""):
    """The MONTH_COUNTS annotations of a grouped queryset (COUNT(*) FILTER (WHERE …) per step)."""
    steps = step_conditions(journey, referral)
    return {"referred": Count("pk"), **{name: Count("pk", filter=q) for name, q in steps.items()}}


def _keys_q(keys):
    """Q over (site_id, month) pairs, grouped by month; a pair that matches nothing when there is none (the
    statements still run: the refresh costs the same queries whatever it finds)."""
    if keys is None:
        return Q()
    by_month = {}
    for site_id, month in keys:
        by_month.setdefault(month, set()).add(site_id)
    condition = Q(site_id=-1)
    for month, sites in by_month.items():
        condition |= Q(month=month, site_id__in=sorted(sites))
    return condition


def keys_of(journeys, dirty):
    """The (site, month) pairs the journeys were counted under and the site-months marked directly: one query."""
    snapshot = journeys.exclude(month=None).values_list("site_id", "month")
    marked = dirty.exclude(month=None).values_list("site_id", "month")
    return set(snapshot.union(marked))


def write(keys):
    """Recompute the rows of the (site_id, month) pairs `keys` (every row when None) from the stored journeys:
    one DELETE and one INSERT … SELECT. Returns the number of rows written."""
    condition = _keys_q(keys)
    ReferralMonthAggregate.objects.filter(condition).delete()
    rows = (
        ReferralJourney.objects.filter(condition)
        .exclude(month=None)
        .values("site_id", "month", "referral__partner_id", "referral__decline_reason")
        .annotate(**counts(referral="referral__"))
        .order_by()
    )
    sql, params = rows.query.sql_with_params()
    table = connection.ops.quote_name(ReferralMonthAggregate._meta.db_table)
    columns = ", ".join(("site_id", "month", "partner_id", "decline_reason", *MONTH_COUNTS))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {sql}", params)
        return cursor.rowcount


def differences():
    """[(site_id, month, partner_id, decline_reason, stored counts, computed counts)] where a stored row differs
    from the same grouping of the referrals (their current site and reception) with their journeys; [] when
    exact. Read after the journeys' refresh (journeys_sync.differences compares the journeys themselves)."""
    from tremplin.referrals.models import Referral

    computed = {
        tuple(row[:4]): tuple(row[4:])
        for row in Referral.objects.order_by()
        .annotate(stats_month=LocalMonth("received_at"))
        .values_list("target_site_id", "stats_month", "partner_id", "decline_reason")
        .annotate(**counts(journey="stats_journey__"))
        .values_list("target_site_id", "stats_month", "partner_id", "decline_reason", *MONTH_COUNTS)
    }
    stored = {
        tuple(row[:4]): tuple(row[4:])
        for row in ReferralMonthAggregate.objects.values_list(
            "site_id", "month", "partner_id", "decline_reason", *MONTH_COUNTS
        )
    }
    return [
        (*key, stored.get(key), computed.get(key))
        for key in sorted(set(stored) | set(computed), key=str)
        if stored.get(key) != computed.get(key)
    ]
