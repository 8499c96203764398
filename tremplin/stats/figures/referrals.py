"""Referrals: the journey funnel and the partners blocks (they share one referral query per dashboard)."""

import contextvars
from datetime import timedelta

from django.db.models import Count, F, Q, Sum, Value, Window
from django.db.models.functions import Coalesce, Least, RowNumber
from django.utils.translation import gettext as _

from tremplin.core.smallcounts import rate_base

from ..periods import Period
from .base import COUNT, DAYS, PERCENT, Block, Row, Table
from .common import Microseconds, _local_bounds, _round


def scoped_referrals(scope, period, filters):
    """Referrals received by the scope's sites during the period (the funnel's cohort)."""
    from tremplin.referrals.models import Referral

    return _cohort(Referral.objects.all(), "target_site_id", scope, period, filters)


def _cohort(qs, site_field, scope, period, filters):
    """`qs` narrowed to the rows received in the period at the scope's sites and partners, and the filters'.

    One rule for the referrals (`target_site_id`) and their stored journeys (`site_id`)."""
    start, end = _local_bounds(period)
    qs = qs.filter(received_at__gte=start, received_at__lt=end)
    if scope.site_ids is not None:
        qs = qs.filter(**{f"{site_field}__in": scope.site_ids})
    if scope.partner_ids is not None:
        qs = qs.filter(partner_id__in=scope.partner_ids)
    if filters.site_id:
        qs = qs.filter(**{site_field: filters.site_id})
    if filters.partner_id:
        qs = qs.filter(partner_id=filters.partner_id)
    return qs.order_by()


# Within one dashboard() call, the funnel and partners blocks share their grouped counts (same query).
_JOURNEY_CACHE = contextvars.ContextVar("stats_journey_cache", default=None)


FUNNEL_STEPS = (
    ("referred", "Orientées"),
    ("contacted", "Contactées"),
    ("accepted", "Accueillies (orientation acceptée)"),
    ("diagnosed", "Diagnostic réalisé"),
    ("workshop", "Ont suivi un atelier"),
    ("equipped", "Équipées ou connectées"),
    ("follow_up", "Diagnostic de suivi"),
)


# The funnel and partners blocks in SQL: conditional counts (grouped by partner for the partners block) and,
# per median, the middle one or two delays read with ORDER BY … LIMIT/OFFSET (or ROW_NUMBER() per partner),
# so that no row per referral reaches Python and the query count does not depend on the data.


def _stored_journeys(scope, period, filters):
    """The cohort's referrals (scoped_referrals: the same site and partner filters) with their stored steps."""
    from .. import journeys_sync

    journeys_sync.refresh()
    return scoped_referrals(scope, period, filters)


def _journey_cohort(scope, period, filters):
    """The same cohort read from the stored journeys alone (their copy of the referral's site, partner,
    reception and status, kept by the same marks): the medians sort the period's delays without reading the
    wide referral rows. After _stored_journeys (the refresh)."""
    from ..presence import ReferralJourney

    return _cohort(ReferralJourney.objects.all(), "site_id", scope, period, filters)


def _step(name):
    return F(name)


def _contacted_q(accepted):
    """Contacted (on a journey): a successful contact attempt, a status contacted/accepted, or accepted without
    either (referral_months.step_conditions)."""
    return Q(first_attempt__isnull=False) | Q(first_contact_status__isnull=False) | Q(status=accepted)


def _delay(later):
    """later − reception in microseconds (common.Microseconds: built-in SQL on both engines)."""
    return Microseconds(later, F("received_at"))


def _contact_delay():
    """First contact − reception (the earlier of the two dates; the reception itself when accepted without a
    recorded contact). Negative values (a contact dated before the reception) count as 0 days, applied after
    reading the middle values: clamping keeps the order, so the median of the clamped delays is the clamped
    median."""
    attempt, status = _step("first_attempt"), _step("first_contact_status")
    contacted = Coalesce(Least(Coalesce(attempt, status), Coalesce(status, attempt)), F("received_at"))
    return _delay(contacted)


def _delay_days(value, clamp):
    days = timedelta(microseconds=value).total_seconds() / 86400
    return max(0.0, days) if clamp else days


def _middle_median(values, n, clamp=False):
    """The median from the middle value (n odd) or the two middle values (n even) of the sorted delays."""
    if not n or not values:
        return None
    days = [_delay_days(value, clamp) for value in values]
    if n % 2:
        return days[0]
    return (days[0] + days[1]) / 2


def _sql_median(queryset, delay, n, clamp=False):
    """Median of `delay` over `queryset`'s rows (n of them, all with a delay): one query reading at most two
    values, ORDER BY delay LIMIT 2 OFFSET (n - 1) // 2 — the same on SQLite and PostgreSQL."""
    offset = max(0, (n - 1) // 2)
    values = list(
        queryset.annotate(stats_delay=delay)
        .order_by("stats_delay")
        .values_list("stats_delay", flat=True)[offset : offset + 2]
    )
    return _middle_median(values, n, clamp)


def _journey_counts(scope, period, filters, use_stored=True):
    """The cohort's referrals counted at each step, grouped by partner name and decline reason, shared by the
    funnel and partners blocks within one dashboard() call: the whole months of the period from the stored
    month counts (ReferralMonthAggregate, a few hundred rows a year whatever the number of referrals) and its
    other days from the referrals and their journeys, with the same step definitions
    (referral_months.step_conditions); two queries whatever the period. `use_stored=False` counts the whole
    period from the referrals (the reference the tests compare with)."""
    from ..aggregates_sync import month_split
    from ..presence import MONTH_COUNTS, ReferralMonthAggregate
    from ..referral_months import counts

    cache = _JOURNEY_CACHE.get()
    key = ("counts", scope, period.start, period.end, filters, use_stored)
    if cache is not None and key in cache:
        return cache[key]
    group = ("partner__name", "decline_reason")
    referrals = _stored_journeys(scope, period, filters)
    ranges = [(period.start, period.end)]
    rows = []
    if use_stored:
        months, ranges = month_split(period.start, period.end)
        # No whole month: an empty month range (end before start), so that the query still runs.
        first, last = months or (period.end + timedelta(days=1), period.start)
        stored = ReferralMonthAggregate.objects.filter(month__gte=first, month__lte=last)
        if scope.site_ids is not None:
            stored = stored.filter(site_id__in=scope.site_ids)
        if scope.partner_ids is not None:
            stored = stored.filter(partner_id__in=scope.partner_ids)
        if filters.site_id:
            stored = stored.filter(site_id=filters.site_id)
        if filters.partner_id:
            stored = stored.filter(partner_id=filters.partner_id)
        rows = list(stored.order_by().values(*group).annotate(**{name: Sum(name) for name in MONTH_COUNTS}).order_by())
    edge = Q(received_at__lt=_local_bounds(period)[0])  # no other day: nothing (before the cohort), still run
    for start, end in ranges:
        bounds = _local_bounds(Period(start, end))
        edge |= Q(received_at__gte=bounds[0], received_at__lt=bounds[1])
    rows += list(referrals.filter(edge).values(*group).annotate(**counts(journey="stats_journey__")).order_by())
    merged = {}
    for row in rows:
        entry = merged.setdefault((row["partner__name"], row["decline_reason"]), dict.fromkeys(MONTH_COUNTS, 0))
        for name in MONTH_COUNTS:
            entry[name] += row[name] or 0
    result = [{"partner__name": name, "decline_reason": reason, **values} for (name, reason), values in merged.items()]
    if cache is not None:
        cache[key] = result
    return result


def _funnel_summary(scope, period, filters):
    """The same ({step: count}, {delay: (median, n)}) as funnel_summary_from_rows, computed in SQL: the
    grouped counts summed, and one small query per median (always run, so the query count stays the same)."""
    from tremplin.referrals.choices import Status

    counts = _journey_counts(scope, period, filters)
    reached = {key: sum(row[key] for row in counts) for key, _label in FUNNEL_STEPS}
    referrals = _journey_cohort(scope, period, filters)
    accepted = Q(status=Status.ACCEPTED)
    medians = {
        "contact": (
            _sql_median(referrals.filter(_contacted_q(Status.ACCEPTED)), _contact_delay(), reached["contacted"], True),
            reached["contacted"],
        ),
        "workshop": (
            _sql_median(
                referrals.filter(accepted, workshop_at__isnull=False),
                _delay(_step("workshop_at")),
                reached["workshop"],
            ),
            reached["workshop"],
        ),
        "equipment": (
            _sql_median(
                referrals.filter(accepted, equipped_at__isnull=False),
                _delay(_step("equipped_at")),
                reached["equipped"],
            ),
            reached["equipped"],
        ),
    }
    return reached, medians


def _partner_summary(scope, period, filters):
    """The same ({partner name: (referrals, accepted, declined, median, n)}, {reason: count}) as
    partner_summary_from_rows, in SQL: the grouped counts summed per partner and per decline reason, and the
    middle contact delays of every partner in one query (ROW_NUMBER() and COUNT() per partner, keeping the
    rows numbered (n + 1) // 2 to n // 2 + 1)."""
    from tremplin.referrals.choices import Status

    accepted = Status.ACCEPTED
    totals = {}
    reasons = {}
    for row in _journey_counts(scope, period, filters):
        entry = totals.setdefault(row["partner__name"], [0, 0, 0, 0])
        for index, key in enumerate(("referred", "accepted", "declined", "contacted")):
            entry[index] += row[key]
        if row["declined"]:
            reasons[row["decline_reason"]] = reasons.get(row["decline_reason"], 0) + row["declined"]
    referrals = _journey_cohort(scope, period, filters)  # refreshed by _journey_counts
    middles = (
        referrals.filter(_contacted_q(accepted))
        .annotate(
            stats_delay=_contact_delay(),
            stats_rank=Window(RowNumber(), partition_by=F("partner__name"), order_by=F("stats_delay").asc()),
            stats_n=Window(Count("pk"), partition_by=F("partner__name")),
        )
        .filter(
            stats_rank__gte=(F("stats_n") + Value(1)) / Value(2),
            stats_rank__lte=F("stats_n") / Value(2) + Value(1),
        )
        .values_list("partner__name", "stats_rank", "stats_delay")
    )
    middle_values = {}
    for name, _rank, delay in sorted(middles, key=lambda item: item[1]):
        middle_values.setdefault(name, []).append(delay)
    per_partner = {}
    for name, (n, accepted_n, declined, n_contact) in totals.items():
        median = _middle_median(middle_values.get(name, []), n_contact, clamp=True)
        per_partner[name] = (n, accepted_n, declined, median, n_contact)
    return per_partner, reasons


def funnel_figures(scope, period, filters):
    """The journey funnel, on the referrals RECEIVED during the period (a cohort followed to today):

    referred (received by a site of the scope) → contacted (a successful contact attempt — person reached or
    appointment — or the referral marked contacted/accepted) → accepted (the site welcomed the person: status
    accepted) → diagnosed (a completed diagnostic after the referral) → attended a workshop (marked present
    at a session starting after the referral) → equipped or connected (a real till sale — not training
    mode — of a device or a connectivity product to the person after the referral) → follow-up diagnostic
    (a second completed diagnostic after the referral). Steps after "accepted" count accepted referrals only.
    Share: of the referrals received. Median delays in days from the referral's reception to the first
    contact, the first workshop attended and the first equipment.
    Source: referrals (Referral, ContactAttempt, ReferralStatusChange), assessments, workshops, till.
    """
    reached, medians = _funnel_summary(scope, period, filters)
    total = reached["referred"]
    step_rows = [
        Row(
            key,
            _(label),
            (reached[key], round(100 * reached[key] / total) if total else None),
            base=(None, rate_base(reached[key], total)),
        )
        for key, label in FUNNEL_STEPS
    ]
    median_rows = [
        # A median over 1 to 4 people is hidden for observers like their count (base: how many delays).
        Row(
            f"delay_{step}",
            label,
            (_round(medians[step][0]),),
            base=(medians[step][1],),
        )
        for step, label in (
            ("contact", _("Délai médian orientation → premier contact")),
            ("workshop", _("Délai médian orientation → premier atelier")),
            ("equipment", _("Délai médian orientation → équipement")),
        )
    ]
    return Block(
        "funnel",
        _("Parcours des personnes orientées"),
        _(
            "Les orientations reçues pendant la période, suivies jusqu'à aujourd'hui : combien atteignent chaque "
            "étape du parcours."
        ),
        _("Orientations, diagnostics, ateliers et caisse."),
        figures=median_rows,
        figure_units={row.key: DAYS for row in median_rows},
        tables=[
            Table(
                "funnel",
                _("Étapes du parcours"),
                (_("Personnes"), _("Part des orientées")),
                (COUNT, PERCENT),
                step_rows,
                chart="funnel",
            )
        ],
    )


def partner_figures(scope, period, filters):
    """Partners (structures prescriptrices), on the referrals received during the period:

    referrals per partner; acceptance rate = accepted / referrals received (those still open count in the
    denominator); declines by reason (the reason the site chose); median delay from reception to the first
    contact (as in the funnel). Source: referrals (Referral, ContactAttempt, ReferralStatusChange).
    """
    from tremplin.referrals.choices import DeclineReason

    per_partner, reasons = _partner_summary(scope, period, filters)
    partner_rows = [
        Row(
            name,
            name,
            (n, accepted_n, round(100 * accepted_n / n) if n else None, declined, _round(median)),
            base=(None, None, rate_base(accepted_n, n), None, n_contact),
        )
        for name, (n, accepted_n, declined, median, n_contact) in sorted(
            per_partner.items(), key=lambda item: (-item[1][0], item[0])
        )
    ]
    return Block(
        "partners",
        _("Structures partenaires"),
        _("Orientations reçues pendant la période, par structure qui oriente."),
        _("Orientations."),
        figures=[
            Row("referrals", _("Orientations reçues"), (sum(entry[0] for entry in per_partner.values()),)),
            Row("declined", _("Orientations refusées"), (sum(reasons.values()),)),
        ],
        tables=[
            Table(
                "per_partner",
                _("Par structure partenaire"),
                (
                    _("Orientations"),
                    _("Acceptées"),
                    _("Taux d'acceptation"),
                    _("Refusées"),
                    _("Délai médian avant contact"),
                ),
                (COUNT, COUNT, PERCENT, COUNT, DAYS),
                partner_rows,
                share_column=0,
            ),
            Table(
                "decline_reasons",
                _("Motifs de refus"),
                (_("Orientations"),),
                (COUNT,),
                [Row(value, str(label), (reasons.get(value, 0),)) for value, label in DeclineReason.choices],
                share_column=0,
            ),
        ],
    )
