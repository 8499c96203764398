"""Referrals: the journey funnel and the partners blocks (they share one referral query per dashboard)."""

import contextvars

from django.utils.translation import gettext as _

from tremplin.core.smallcounts import rate_base

from .base import COUNT, DAYS, PERCENT, Block, Row, Table
from .common import _days, _local_bounds, _median, _round


def scoped_referrals(scope, period, filters):
    """Referrals received by the scope's sites during the period (the funnel's cohort)."""
    from tremplin.referrals.models import Referral

    start, end = _local_bounds(period)
    qs = Referral.objects.filter(received_at__gte=start, received_at__lt=end)
    if scope.site_ids is not None:
        qs = qs.filter(target_site_id__in=scope.site_ids)
    if scope.partner_ids is not None:
        qs = qs.filter(partner_id__in=scope.partner_ids)
    if filters.site_id:
        qs = qs.filter(target_site_id=filters.site_id)
    if filters.partner_id:
        qs = qs.filter(partner_id=filters.partner_id)
    return qs.order_by()


# Within one dashboard() call, the funnel and partners blocks share the referral rows (same query).
_JOURNEY_CACHE = contextvars.ContextVar("stats_journey_cache", default=None)


def _referral_journeys(scope, period, filters, use_stored=True):
    """One row per referral of the cohort with the date of each journey step (None when not reached).

    Read from the stored journeys (stats/presence.ReferralJourney, kept exact by journeys_sync.py: one row
    per referral, one join); use_stored=False computes them from the raw tables (correlated MIN()
    sub-queries per referral), which is how the tests check the stored ones.
    """
    cache = _JOURNEY_CACHE.get()
    key = (scope, period.start, period.end, filters, use_stored)
    if cache is not None and key in cache:
        return cache[key]
    result = _query_referral_journeys(scope, period, filters, use_stored)
    if cache is not None:
        cache[key] = result
    return result


def _query_referral_journeys(scope, period, filters, use_stored=True):
    from tremplin.referrals.choices import Status

    from .. import journeys_sync
    from ..presence import JOURNEY_STEPS

    referrals = scoped_referrals(scope, period, filters)
    if use_stored:
        journeys_sync.refresh()
        steps = [f"stats_journey__{step}" for step in JOURNEY_STEPS]
    else:
        annotations = journeys_sync.journey_annotations()
        referrals = referrals.annotate(**{f"c_{step}": expr for step, expr in annotations.items()})
        steps = [f"c_{step}" for step in JOURNEY_STEPS]
    rows = referrals.values_list("partner__name", "status", "decline_reason", "received_at", *steps)
    return list(rows), Status.ACCEPTED


FUNNEL_STEPS = (
    ("referred", "Orientées"),
    ("contacted", "Contactées"),
    ("accepted", "Accueillies (orientation acceptée)"),
    ("diagnosed", "Diagnostic réalisé"),
    ("workshop", "Ont suivi un atelier"),
    ("equipped", "Équipées ou connectées"),
    ("follow_up", "Diagnostic de suivi"),
)


def funnel_steps(rows, accepted):
    """{step: [delays…]} per referral reaching each step, from _referral_journeys rows (pure function)."""
    reached = {key: 0 for key, _label in FUNNEL_STEPS}
    delays = {"contact": [], "workshop": [], "equipment": []}
    for _partner, status, _reason, received, attempt, contact_status, diag, workshop, equip, follow in rows:
        reached["referred"] += 1
        contacted = min((d for d in (attempt, contact_status) if d is not None), default=None)
        if contacted is None and status == accepted:
            contacted = received  # accepted without a recorded contact: contacted at the latest then
        if contacted is not None:
            reached["contacted"] += 1
            delays["contact"].append(max(0.0, _days(contacted, received)))
        if status != accepted:
            continue
        reached["accepted"] += 1
        if diag:
            reached["diagnosed"] += 1
        if workshop:
            reached["workshop"] += 1
            delays["workshop"].append(_days(workshop, received))
        if equip:
            reached["equipped"] += 1
            delays["equipment"].append(_days(equip, received))
        if follow:
            reached["follow_up"] += 1
    return reached, delays


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
    rows, accepted = _referral_journeys(scope, period, filters)
    reached, delays = funnel_steps(rows, accepted)
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
            (_round(_median(delays[step])),),
            base=(len(delays[step]),),
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
    from tremplin.referrals.choices import DeclineReason, Status

    rows, accepted = _referral_journeys(scope, period, filters)
    per_partner = {}
    reasons = {}
    for row in rows:
        partner_name, status, reason = row[0], row[1], row[2]
        entry = per_partner.setdefault(partner_name, [0, 0, 0, []])
        entry[0] += 1
        if status == Status.ACCEPTED:
            entry[1] += 1
        if status == Status.DECLINED:
            entry[2] += 1
            reasons[reason] = reasons.get(reason, 0) + 1
        _reached, delays = funnel_steps([row], accepted)
        entry[3].extend(delays["contact"])
    partner_rows = [
        Row(
            name,
            name,
            (n, accepted_n, round(100 * accepted_n / n) if n else None, declined, _round(_median(contact))),
            base=(None, None, rate_base(accepted_n, n), None, len(contact)),
        )
        for name, (n, accepted_n, declined, contact) in sorted(
            per_partner.items(), key=lambda item: (-item[1][0], item[0])
        )
    ]
    return Block(
        "partners",
        _("Structures partenaires"),
        _("Orientations reçues pendant la période, par structure qui oriente."),
        _("Orientations."),
        figures=[
            Row("referrals", _("Orientations reçues"), (len(rows),)),
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
