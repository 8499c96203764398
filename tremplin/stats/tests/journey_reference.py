"""The funnel and partner figures computed in Python from one row per referral: the reference the SQL of
stats/figures/referrals.py must equal (test_funnel_sql.py), and the stored journeys against the raw tables
(test_presence.py). Test code only: the dashboard never reads a row per referral."""

from tremplin.stats.figures.common import _days, _median
from tremplin.stats.figures.referrals import FUNNEL_STEPS, scoped_referrals


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


def funnel_steps(rows, accepted):
    """{step: [delays…]} per referral reaching each step, from _query_referral_journeys rows (pure function)."""
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


def funnel_summary_from_rows(rows, accepted):
    """({step: count}, {delay: (median in days, how many delays)}) from _query_referral_journeys rows: the reference
    computation in Python, which the SQL one (_funnel_summary) must equal (stats/tests/test_funnel_sql.py)."""
    reached, delays = funnel_steps(rows, accepted)
    return reached, {step: (_median(values), len(values)) for step, values in delays.items()}


def partner_summary_from_rows(rows, accepted):
    """({partner name: (referrals, accepted, declined, median contact delay, how many delays)}, {reason: count})
    from _query_referral_journeys rows: the reference computation of _partner_summary."""
    from tremplin.referrals.choices import Status

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
    return {
        name: (n, accepted_n, declined, _median(contact), len(contact))
        for name, (n, accepted_n, declined, contact) in per_partner.items()
    }, reasons
