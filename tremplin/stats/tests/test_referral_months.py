"""The funnel's and partners' counts per site × partner × month of reception (ReferralMonthAggregate) stay
exact: a hand-built set whose figures are written here (whole February from the stored counts, 31 January and
1 March from the records, months in Paris time), the moves that change the month a referral is counted in
(reception, site, deletion), the rebuild and check commands, and a Hypothesis property test comparing the
stored path with the records-only path after random writes.
"""

import random
import uuid
from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tremplin.core.testing.factories import PartnerFactory, SiteFactory
from tremplin.referrals.choices import DeclineReason, Status
from tremplin.stats import figures, journeys_sync, referral_months
from tremplin.stats.figures.referrals import _journey_counts
from tremplin.stats.filters import Filters
from tremplin.stats.periods import Period
from tremplin.stats.presence import ReferralMonthAggregate
from tremplin.stats.scope import StatsScope

pytestmark = pytest.mark.django_db

EDGES = Period(date(2026, 1, 31), date(2026, 3, 1))  # February whole, 31 January and 1 March from the records


def person():
    from tremplin.people.models import Beneficiary

    return Beneficiary.objects.create(first_name="X", last_name="Y", birth_year=1970)


def paris(day, hour, minute=0):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


class Maker:
    def __init__(self, make_user, partner):
        from tremplin.people.models import EligibilityProofType

        self.referrer = make_user("referrer", at=partner)
        self.proof = EligibilityProofType.objects.create(name="Justificatif (test mois)")

    def referral(self, site, partner, received, status=Status.SUBMITTED, **fields):
        from tremplin.referrals.models import Referral

        if status == Status.ACCEPTED:  # an accepted referral names its person (a constraint of the model)
            fields.setdefault("beneficiary", person())

        return Referral.objects.create(
            partner=partner,
            referrer=self.referrer,
            target_site=site,
            first_name="X",
            last_name="Y",
            birth_year=1970,
            phone="+33612345678",
            postal_code="69007",
            commune="Lyon",
            status=status,
            received_at=received,
            created_at=received,
            consent_attested=True,
            eligibility_attested=True,
            proof_type=self.proof,
            voucher_code=f"V{random.randrange(10**7):07d}",
            idempotency_key=uuid.uuid4(),
            **fields,
        )


def steps(block):
    return {row.key: row.values[0] for row in block.table("funnel").rows}


def partners(block):
    return {row.label: row.values[:2] + row.values[3:4] for row in block.table("per_partner").rows}


def same_counts(scope, period, filters):
    stored = sorted(_journey_counts(scope, period, filters), key=str)
    raw = sorted(_journey_counts(scope, period, filters, use_stored=False), key=str)
    return stored == raw


@pytest.fixture
def months(make_user, site, other_site, partner):
    """At `site` and `other_site`, from "Alpha" (two partners of that name) and "Bêta":

    A 31/01 23:30 site, Alpha 1, accepted, reached by phone the next day (counted contacted)
    B 30/01 12:00 site, Alpha 1, accepted (before the period)
    C 10/02 10:00 site, Alpha 2, declined (unreachable)
    D 28/02 23:30 other site, Bêta, marked contacted on 2/03 (28 February in Paris, 22:30 UTC)
    E 01/03 00:30 site, Bêta, open (1 March in Paris, still 28 February in UTC)
    F 02/03 10:00 site, Alpha 1, accepted (after the period)
    """
    from tremplin.referrals.models import ContactAttempt, ReferralStatusChange

    maker = Maker(make_user, partner)
    staff = make_user("site_manager", at=site)
    alpha1, alpha2, beta = PartnerFactory(name="Alpha"), PartnerFactory(name="Alpha"), PartnerFactory(name="Bêta")
    made = {
        "A": maker.referral(site, alpha1, paris(date(2026, 1, 31), 23, 30), Status.ACCEPTED),
        "B": maker.referral(site, alpha1, paris(date(2026, 1, 30), 12), Status.ACCEPTED),
        "C": maker.referral(
            site, alpha2, paris(date(2026, 2, 10), 10), Status.DECLINED, decline_reason=DeclineReason.UNREACHABLE
        ),
        "D": maker.referral(other_site, beta, paris(date(2026, 2, 28), 23, 30), Status.CONTACTED),
        "E": maker.referral(site, beta, paris(date(2026, 3, 1), 0, 30)),
        "F": maker.referral(site, alpha1, paris(date(2026, 3, 2), 10), Status.ACCEPTED),
    }
    ContactAttempt.objects.create(
        referral=made["A"], at=paris(date(2026, 2, 1), 9), channel="phone", outcome="reached", by=staff
    )
    ReferralStatusChange.objects.create(
        referral=made["D"], status="contacted", at=paris(date(2026, 3, 2), 9), site=site
    )
    return {**made, "site": site, "other_site": other_site, "alpha": alpha1, "beta": beta}


def test_month_counts_by_hand(months):
    network = StatsScope.network()
    funnel = figures.funnel_figures(network, EDGES, Filters())
    # A (31 January), C, D (February in Paris), E (1 March in Paris): 4; contacted A (attempt) and D (status).
    assert steps(funnel) == {
        "referred": 4,
        "contacted": 2,
        "accepted": 1,
        "diagnosed": 0,
        "workshop": 0,
        "equipped": 0,
        "follow_up": 0,
    }
    block = figures.partner_figures(network, EDGES, Filters())
    assert partners(block) == {"Alpha": (2, 1, 1), "Bêta": (2, 0, 0)}  # referrals, accepted, declined
    assert block.table("decline_reasons").rows[0].key == DeclineReason.UNREACHABLE
    assert block.table("decline_reasons").rows[0].values == (1,)
    # February alone is whole: read from the stored counts only (C and D; D is 28 February in Paris).
    february = Period(date(2026, 2, 1), date(2026, 2, 28))
    assert steps(figures.funnel_figures(network, february, Filters()))["referred"] == 2
    stored = dict(
        ReferralMonthAggregate.objects.filter(month=date(2026, 2, 1)).values_list("site_id", "referred").order_by()
    )
    assert stored == {months["site"].pk: 1, months["other_site"].pk: 1}
    # E is counted in March (Paris), not in February (UTC).
    assert ReferralMonthAggregate.objects.get(month=date(2026, 3, 1), partner=months["beta"]).referred == 1
    # Site filter and partner scope.
    assert steps(figures.funnel_figures(network, EDGES, Filters(site_id=months["other_site"].pk)))["referred"] == 1
    beta_only = StatsScope.for_partners([months["beta"].pk])
    assert steps(figures.funnel_figures(beta_only, EDGES, Filters()))["referred"] == 2
    assert referral_months.differences() == []


def test_moves_recompute_the_old_and_the_new_month(months):
    network = StatsScope.network()
    c, d = months["C"], months["D"]
    figures.funnel_figures(network, EDGES, Filters())  # refresh: everything stored
    c.received_at = paris(date(2026, 4, 2), 10)  # leaves February
    c.save()
    assert steps(figures.funnel_figures(network, EDGES, Filters()))["referred"] == 3
    d.target_site = months["site"]  # transferred: February of other_site loses it, February of site gains it
    d.save()
    february = Period(date(2026, 2, 1), date(2026, 2, 28))
    assert steps(figures.funnel_figures(network, february, Filters(site_id=months["site"].pk)))["referred"] == 1
    assert steps(figures.funnel_figures(network, february, Filters(site_id=months["other_site"].pk)))["referred"] == 0
    d.status = Status.ACCEPTED  # a status saved on the referral
    d.beneficiary = person()
    d.save()
    assert steps(figures.funnel_figures(network, february, Filters()))["accepted"] == 1
    d.delete()
    assert steps(figures.funnel_figures(network, EDGES, Filters()))["referred"] == 2  # A and E
    assert not ReferralMonthAggregate.objects.filter(month=date(2026, 2, 1)).exists()
    assert referral_months.differences() == []
    for filters in (Filters(), Filters(site_id=months["site"].pk), Filters(partner_id=months["alpha"].pk)):
        assert same_counts(network, EDGES, filters)


def test_bulk_update_found_by_the_check_and_repaired(months):
    from tremplin.referrals.models import Referral

    journeys_sync.refresh()
    Referral.objects.filter(pk=months["C"].pk).update(status=Status.ACCEPTED, beneficiary=person())  # no signal
    found = journeys_sync.month_differences()
    assert [(site_id, month) for site_id, month, *_rest in found] == [(months["site"].pk, date(2026, 2, 1))]
    call_command("check_stats_aggregates")
    assert journeys_sync.month_differences() == []
    assert steps(figures.funnel_figures(StatsScope.network(), EDGES, Filters()))["accepted"] == 2


def test_rebuild_writes_every_month(months):
    ReferralMonthAggregate.objects.all().delete()
    call_command("rebuild_stats_aggregates")
    assert referral_months.differences() == []
    assert ReferralMonthAggregate.objects.filter(month=date(2026, 1, 1)).count() == 1  # A and B: one row


PERIODS = (
    EDGES,
    Period(date(2026, 2, 1), date(2026, 3, 31)),
    Period(date(2026, 2, 15), date(2026, 3, 20)),
    Period(date(2026, 3, 1), date(2026, 3, 1)),
)
OPERATIONS = ("create", "create", "status", "move_day", "move_site", "partner", "contact", "delete")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), count=st.integers(1, 14))
def test_stored_counts_equal_the_records_after_random_writes(make_user, site, partner, seed, count):
    from tremplin.referrals.models import ContactAttempt

    rng = random.Random(seed)
    with transaction.atomic():
        other_site = SiteFactory(name="Espace B mois")
        partner_list = [PartnerFactory(name="Alpha"), PartnerFactory(name="Alpha"), PartnerFactory(name="Bêta")]
        maker = Maker(make_user, partner)
        staff = make_user("site_manager", at=site)
        made = []

        def moment():  # around the month ends, where Paris and UTC disagree
            day = date(2026, 1, 28) + timedelta(days=rng.randrange(66))
            return paris(day, rng.choice((0, 0, 10, 23, 23)), rng.choice((0, 30)))

        for _step in range(count):
            operation = rng.choice(OPERATIONS) if made else "create"
            if operation == "create":
                status = rng.choice([value for value, _label in Status.choices])
                reason = rng.choice(DeclineReason.values) if status == Status.DECLINED else ""
                where, source = rng.choice((site, other_site)), rng.choice(partner_list)
                made.append(maker.referral(where, source, moment(), status, decline_reason=reason))
                continue
            referral = rng.choice(made)
            if operation == "status":
                referral.status = rng.choice([value for value, _label in Status.choices])
                referral.decline_reason = rng.choice(DeclineReason.values) if referral.status == Status.DECLINED else ""
                if referral.status == Status.ACCEPTED and referral.beneficiary_id is None:
                    referral.beneficiary = person()
            elif operation == "move_day":
                referral.received_at = moment()
            elif operation == "move_site":
                referral.target_site = other_site if referral.target_site_id == site.pk else site
            elif operation == "partner":
                referral.partner = rng.choice(partner_list)
            elif operation == "contact":
                ContactAttempt.objects.create(
                    referral=referral, at=referral.received_at, channel="phone", outcome="reached", by=staff
                )
                continue
            elif operation == "delete":
                made.remove(referral)
                referral.delete()
                continue
            referral.save()
            if rng.random() < 0.3:  # read in between: the refresh runs with marks of every kind
                _journey_counts(StatsScope.network(), EDGES, Filters())
        scopes = (
            StatsScope.network(),
            StatsScope.for_sites([other_site.pk]),
            StatsScope.for_partners([partner_list[0].pk]),
        )
        for period in PERIODS:
            for scope in scopes:
                for filters in (Filters(), Filters(site_id=site.pk), Filters(partner_id=partner_list[2].pk)):
                    assert same_counts(scope, period, filters), (period, scope, filters)
        assert referral_months.differences() == []
        assert journeys_sync.differences() == []
        transaction.set_rollback(True)
