"""The funnel and partners blocks are computed in SQL (figures/referrals._funnel_summary, _partner_summary;
the counts of whole months from the stored month counts, the medians from the stored journeys):
counts and medians equal the reference computation in Python over one row per referral
(funnel_summary_from_rows, partner_summary_from_rows over _query_referral_journeys), whatever the journeys.

Random journeys: referrals at two sites from three partners (two of them with the same name: the blocks group
by name), received in February, March or April, with any status and decline reason, and each step date absent
or some hours to weeks after the reception — the contact sometimes before it (a delay counted as 0), and
many equal delays (medians over ties, over an even and an odd number of delays).
"""

import random
import uuid
from datetime import datetime, timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tremplin.core.testing.factories import PartnerFactory, SiteFactory
from tremplin.referrals.choices import DeclineReason, Status
from tremplin.stats import journeys_sync, referral_months
from tremplin.stats.figures.referrals import _funnel_summary, _partner_summary
from tremplin.stats.filters import Filters
from tremplin.stats.periods import Period
from tremplin.stats.presence import JOURNEY_STEPS, ReferralJourney
from tremplin.stats.scope import StatsScope
from tremplin.stats.tests.journey_reference import (
    _query_referral_journeys,
    funnel_summary_from_rows,
    partner_summary_from_rows,
)

pytestmark = pytest.mark.django_db

MARCH = Period(datetime(2026, 3, 1).date(), datetime(2026, 3, 31).date())
STATUSES = [value for value, _label in Status.choices]
REASONS = [value for value, _label in DeclineReason.choices]


def _referral(rng, partner, referrer, site, proof):
    from tremplin.people.models import Beneficiary
    from tremplin.referrals.models import Referral

    received = timezone.make_aware(datetime(2026, rng.choice((2, 3, 3, 3, 4)), rng.randint(1, 28), rng.randint(0, 23)))
    status = rng.choice(STATUSES)
    return Referral.objects.create(
        partner=partner,
        referrer=referrer,
        target_site=site,
        first_name="X",
        last_name="Y",
        birth_year=1970,
        phone="+33612345678",
        postal_code="69007",
        commune="Lyon",
        status=status,
        decline_reason=rng.choice(REASONS) if status == Status.DECLINED else "",
        received_at=received,
        created_at=received,
        consent_attested=True,
        eligibility_attested=True,
        proof_type=proof,
        voucher_code=f"V{rng.randrange(10**7):07d}",
        idempotency_key=uuid.uuid4(),
        beneficiary=(
            Beneficiary.objects.create(first_name="X", last_name="Y", birth_year=1970)
            if status == Status.ACCEPTED
            else None
        ),
    )


def _steps(rng, received):
    """Random stored step dates: absent, or whole days (many ties) or odd hours after the reception."""

    def later():
        if rng.random() < 0.4:
            return None
        offset = timedelta(days=rng.randint(-2, 6)) if rng.random() < 0.6 else timedelta(hours=rng.randint(-30, 500))
        return received + offset

    return {step: later() for step in JOURNEY_STEPS}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), size=st.integers(0, 25))
def test_sql_funnel_and_partners_equal_the_python_reference(make_user, site, seed, size):
    from tremplin.people.models import EligibilityProofType

    rng = random.Random(seed)
    with transaction.atomic():
        other_site = SiteFactory(name="Espace B entonnoir")
        partners = [PartnerFactory(name="Alpha"), PartnerFactory(name="Alpha"), PartnerFactory(name="Bêta")]
        referrer = make_user("referrer", at=partners[0])
        proof = EligibilityProofType.objects.create(name="Justificatif (test entonnoir)")
        referrals = [
            _referral(rng, rng.choice(partners), referrer, rng.choice((site, other_site)), proof) for _ in range(size)
        ]
        journeys_sync.refresh()
        for referral in referrals:  # stored steps written directly: both computations read the same rows
            ReferralJourney.objects.filter(referral=referral).update(**_steps(rng, referral.received_at))
        referral_months.write(None)  # a write that bypassed the marks: the month counts are rewritten
        scopes = (
            StatsScope.network(),
            StatsScope.for_sites([other_site.pk]),
            StatsScope.for_partners([partners[0].pk, partners[2].pk]),
        )
        for scope in scopes:
            for filters in (Filters(), Filters(site_id=site.pk), Filters(partner_id=partners[1].pk)):
                rows, accepted = _query_referral_journeys(scope, MARCH, filters)
                assert _funnel_summary(scope, MARCH, filters) == funnel_summary_from_rows(rows, accepted)
                assert _partner_summary(scope, MARCH, filters) == partner_summary_from_rows(rows, accepted)
        transaction.set_rollback(True)
