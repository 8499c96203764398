"""Each definition on a small hand-built data set; the right answers are worked out by hand in the comments.

The March 2026 data set (sites A and B, one mediator):
  1. A individual  P1   20 min  [a, b]  ordinateur           autonome                 lieu d'activité
  2. A individual  —    30 min  [a]     aucun                (none)                   domicile
  3. A collective  6 people (P2, P3 named)  90 min  [b]  ordinateur + tablette         lieu d'activité
  4. A individual  P2  120 min  [a]     téléphone            entièrement accompagné   à distance
  5. B individual  P4   45 min  [a]     (none)               (none)                   autre
 plus, before March at site A: P1 in January (20 min) and P1 in February (60 min).
People: P1 born 1950 (Lyon), P2 born 2000 (Lyon), P3 no year no commune, P4 born 1990 (Vénissieux).
"""

import uuid
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from tremplin.activities.models import Activity
from tremplin.core.testing.factories import SiteFactory
from tremplin.people.models import Beneficiary
from tremplin.stats import figures
from tremplin.stats.filters import Filters
from tremplin.stats.periods import Period
from tremplin.stats.scope import StatsScope

pytestmark = pytest.mark.django_db

A_THEME = "diagnostic_numerique"
B_THEME = "prendre_en_main_du_materiel"
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


def person(first, year, commune):
    return Beneficiary.objects.create(first_name=first, last_name="Test", birth_year=year, commune=commune)


def activity(site, user, day, kind="individuel", **fields):
    fields.setdefault("thematiques", [A_THEME])
    fields.setdefault("duration", 30)
    return Activity.objects.create(site=site, recorded_by=user, date=day, kind=kind, **fields)


@pytest.fixture
def data(make_user, site):
    other = SiteFactory(name="Espace B test")
    mediator = make_user("mediator", at=site)
    p1, p2 = person("P1", 1950, "Lyon"), person("P2", 2000, "Lyon")
    p3, p4 = person("P3", None, ""), person("P4", 1990, "Vénissieux")
    activity(
        site,
        mediator,
        date(2026, 3, 2),
        beneficiary=p1,
        duration=20,
        thematiques=[A_THEME, B_THEME],
        equipment=["ordinateur"],
        autonomy="autonome",
    )
    activity(site, mediator, date(2026, 3, 3), duration=30, equipment=["aucun"], place="domicile")
    collective = activity(
        site,
        mediator,
        date(2026, 3, 4),
        kind="collectif",
        participant_count=6,
        duration=90,
        thematiques=[B_THEME],
        equipment=["ordinateur", "tablette"],
    )
    collective.participants.add(p2, p3)
    activity(
        site,
        mediator,
        date(2026, 3, 31),
        beneficiary=p2,
        duration=120,
        equipment=["telephone"],
        autonomy="entierement_accompagne",
        place="a_distance",
    )
    activity(other, mediator, date(2026, 3, 15), beneficiary=p4, duration=45, place="autre")
    activity(site, mediator, date(2026, 1, 10), beneficiary=p1, duration=20)
    activity(site, mediator, date(2026, 2, 10), beneficiary=p1, duration=60)
    return {"site": site, "other": other, "mediator": mediator}


def values(table):
    return {row.key: row.values for row in table.rows}


def test_activities_vs_accompaniments_and_breakdowns(data):
    block = figures.activity_figures(StatsScope.network(), MARCH, Filters())
    assert block.figure("activities").value == 5
    assert block.figure("accompaniments").value == 10  # 1 + 1 + 6 + 1 + 1
    assert block.figure("individual").value == 4
    assert block.figure("collective").value == 1
    assert block.figure("collective_participants").value == 6
    assert block.figure("hours").value == 5.1  # 305 min
    assert values(block.table("by_kind")) == {"individuel": (4, 4), "collectif": (1, 6)}
    assert values(block.table("by_thematique")) == {A_THEME: (4, 4), B_THEME: (2, 7)}
    # 30 min is in "30 min à 1 h", 2 h in "2 h et plus" (Coop ranges: lower bound included).
    assert values(block.table("by_duration")) == {"30": (1, 1), "60": (2, 2), "120": (1, 6), "more": (1, 1)}
    assert values(block.table("by_place")) == {
        "lieu_activite": (2, 7),
        "domicile": (1, 1),
        "a_distance": (1, 1),
        "autre": (1, 1),
    }
    assert values(block.table("by_equipment")) == {
        "ordinateur": (2, 7),
        "telephone": (1, 1),
        "tablette": (1, 6),
        "autre": (0, 0),
        "aucun": (1, 1),
    }
    assert values(block.table("by_autonomy")) == {
        "entierement_accompagne": (1,),
        "partiellement_autonome": (0,),
        "autonome": (1,),
        "": (2,),
    }


def test_filters_site_mediator_thematique_kind(data):
    site_a = StatsScope.for_sites({data["site"].pk})
    assert figures.activity_figures(site_a, MARCH, Filters()).figure("activities").value == 4
    assert (
        figures.activity_figures(StatsScope.network(), MARCH, Filters(thematique=B_THEME))
        .figure("accompaniments")
        .value
        == 7
    )
    assert (
        figures.activity_figures(StatsScope.network(), MARCH, Filters(kind="collectif")).figure("activities").value == 1
    )
    assert (
        figures.activity_figures(StatsScope.network(), MARCH, Filters(mediator_id=-1)).figure("activities").value == 0
    )


def test_people(data):
    block = figures.people_figures(StatsScope.network(), MARCH, Filters())
    assert block.figure("helped").value == 4  # P1, P2 (twice, counted once), P3, P4
    assert block.figure("already").value == 1  # P1 was helped in January and February
    assert block.figure("new").value == 3
    assert block.figure("anonymous").value == 5  # activity 2 (1) + the 4 unnamed of the collective
    ages = values(block.table("age_bands"))
    # Second column: anonymous participants; none was counted by band, so all 5 are "non communiqué".
    assert ages["soixante_dix_plus"] == (1, 0)  # P1: 76 in 2026
    assert ages["vingt_cinq_trente_neuf"] == (2, 0)  # P2: 26, P4: 36
    assert ages["non_communique"] == (1, 5)  # P3; the 5 anonymous accompaniments
    assert sum(v[0] for v in ages.values()) == 4
    assert sum(v[1] for v in ages.values()) == 5
    assert values(block.table("communes")) == {"Lyon": (2,), "Vénissieux": (1,), "__inconnue": (1,)}


def test_age_band_thresholds():
    assert figures.age_band(2015, 2026) == "moins_de_douze"  # 11
    assert figures.age_band(2014, 2026) == "douze_dix_huit"  # 12
    assert figures.age_band(2008, 2026) == "dix_huit_vingt_quatre"  # 18
    assert figures.age_band(1967, 2026) == "quarante_cinquante_neuf"  # 59
    assert figures.age_band(1966, 2026) == "soixante_soixante_neuf"  # 60
    assert figures.age_band(1956, 2026) == "soixante_dix_plus"  # 70
    assert figures.age_band(None, 2026) == "non_communique"


def test_dashboard_compares_with_previous_period(data):
    board = figures.dashboard(StatsScope.network(), MARCH, Filters())
    assert board.previous_period == Period(date(2026, 2, 1), date(2026, 2, 28))
    activities = board.block("activities")
    assert activities.figure("activities").previous == (1,)  # February: P1, 60 min
    assert activities.figure("accompaniments").previous == (1,)
    assert values(activities.table("over_time")) == {"2026-03-01": (5, 10)}


def test_one_site_scope_never_sees_another_sites_figures(data):
    site_b = StatsScope.for_sites({data["other"].pk}, mask_small_counts=True)
    board = figures.dashboard(site_b, MARCH, Filters())
    activities = board.block("activities")
    assert activities.figure("activities").value == 1
    assert activities.figure("accompaniments").value == 1
    assert board.block("people").figure("helped").value == 1  # P4 only
    # Asking for site A through the filter inside a site-B scope gives nothing, never site A's figures.
    narrowed = site_b.narrowed_to_site(data["site"].pk)
    assert figures.activity_figures(narrowed, MARCH, Filters()).figure("activities").value == 0


# --------------------------------------------------------------------------------------------------------
# Journey funnel and partners


def aware(day, hour=10):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def journeys(make_user, site, partner):
    """Three referrals from `partner` received by `site` on 2 March 2026 at 10:00.

    R1 accepted: reached +2 days, diagnostic +5, workshop +10, laptop sold +20, second diagnostic +40.
    R2 declined (unreachable), never contacted.  R3 marked contacted at +4 days, still open.
    """
    from tremplin.assessments.models import Assessment
    from tremplin.assessments.questionnaire_data import create_default_questionnaire
    from tremplin.inventory.tests.factories import available_device
    from tremplin.people.models import EligibilityProofType
    from tremplin.referrals.models import ContactAttempt, Referral, ReferralStatusChange
    from tremplin.till.tests.factories import eligible_person, open_register, sell
    from tremplin.workshops.models import Enrollment
    from tremplin.workshops.tests.factories import SessionFactory

    referrer = make_user("referrer", at=partner)
    staff = make_user("site_manager", at=site)
    received = aware(date(2026, 3, 2))
    proof = EligibilityProofType.objects.create(name="Justificatif (test stats)")
    p1 = eligible_person(site, "R1", "Test", checked_on=date(2026, 3, 1))

    def referral(status, **fields):
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
            received_at=received,
            created_at=received,
            consent_attested=True,
            eligibility_attested=True,
            proof_type=proof,
            voucher_code=f"V{Referral.objects.count():07d}",
            idempotency_key=uuid.uuid4(),
            **fields,
        )

    r1 = referral("accepted", beneficiary=p1)
    referral("declined", decline_reason="unreachable")
    r3 = referral("contacted")
    ContactAttempt.objects.create(
        referral=r1, at=received + timedelta(days=2), channel="sms", outcome="reached", by=staff
    )
    ReferralStatusChange.objects.create(referral=r3, status="contacted", at=received + timedelta(days=4), site=site)
    questionnaire = create_default_questionnaire()
    for days in (5, 40):
        Assessment.objects.create(
            beneficiary=p1,
            questionnaire=questionnaire,
            site=site,
            profile="debutant",
            completed_at=received + timedelta(days=days),
            started_at=received,
        )
    session = SessionFactory(site=site, starts_at=received + timedelta(days=10), seats=4)
    Enrollment.objects.create(session=session, beneficiary=p1, status="confirmed", attendance="present")
    register = open_register(site, staff, now=received + timedelta(days=20, hours=-1))
    sell(register, staff, p1, devices=[available_device(site)], now=received + timedelta(days=20))
    return {"site": site, "partner": partner, "session": session}


def test_funnel_counts_shares_and_median_delays(journeys):
    block = figures.funnel_figures(StatsScope.network(), MARCH, Filters())
    steps = values(block.table("funnel"))
    assert steps == {
        "referred": (3, 100),
        "contacted": (2, 67),  # R1 (attempt reached) and R3 (status contacted)
        "accepted": (1, 33),
        "diagnosed": (1, 33),
        "workshop": (1, 33),
        "equipped": (1, 33),
        "follow_up": (1, 33),
    }
    assert block.figure("delay_contact").value == 3.0  # median of 2 and 4 days
    assert block.figure("delay_workshop").value == 10.0
    assert block.figure("delay_equipment").value == 20.0


def test_partners(journeys):
    block = figures.partner_figures(StatsScope.network(), MARCH, Filters())
    (row,) = block.table("per_partner").rows
    assert row.label == journeys["partner"].name
    assert row.values == (3, 1, 33, 1, 3.0)
    assert values(block.table("decline_reasons"))["unreachable"] == (1,)


def test_equipment_from_the_till(journeys):
    block = figures.equipment_figures(StatsScope.network(), Period(date(2026, 3, 1), date(2026, 3, 31)), Filters())
    assert block.figure("devices").value == 1
    assert block.figure("paid").value == 120.0  # solidarity price of the test device
    assert block.figure("saved").value == 200.0  # 320 reference − 120 paid
    assert values(block.table("devices_sold"))["laptop"][-1] == 1


def test_workshops(journeys):
    block = figures.workshop_figures(StatsScope.network(), MARCH, Filters())
    assert block.figure("sessions").value == 1
    assert block.figure("seats").value == 4
    assert block.figure("fill_rate").value == 25  # 1 confirmed / 4 seats
    assert block.figure("no_show_rate").value == 0
    assert block.figure("hours").value == 2.0  # the factory's 2-hour session
    assert block.figure("person_hours").value == 2.0


def test_query_count_does_not_depend_on_the_period(data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tremplin.stats import journeys_sync
    from tremplin.stats.aggregates_sync import refresh

    refresh()  # the data written above marked months dirty: the first read recomputes them (a few queries, once)
    journeys_sync.refresh()  # and referrals (none in this data set; the same for the journeys)
    counts = []
    for period in (MARCH, Period(date(2025, 1, 1), date(2026, 12, 31)), Period(date(2026, 3, 4), date(2026, 3, 4))):
        with CaptureQueriesContext(connection) as captured:
            figures.dashboard(StatsScope.network(), period, Filters())
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1] == counts[2]


def test_query_count_does_not_depend_on_the_data_even_with_everything_dirty(data, journeys):
    """The dashboard's query count is the same on a small and a larger data set, also on the first read after
    a migration or a bulk change marked every site-month and every referral dirty (issue #14). The refresh
    once rewrote the first accompaniments 500 people at a time and the journeys 500 referrals at a time:
    456 queries at scale 2 against 76 at scale 0.02. 600 people and 600 referrals cross that old bound."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tremplin.referrals.models import Referral
    from tremplin.stats import aggregates_sync, journeys_sync
    from tremplin.stats.presence import ReferralJourney

    def first_read_count():
        aggregates_sync.mark_range_dirty(date(2025, 1, 1), date(2026, 12, 31))
        journeys_sync.mark_referrals(Referral.objects.values_list("pk", flat=True))
        with CaptureQueriesContext(connection) as captured:
            figures.dashboard(StatsScope.network(), MARCH, Filters())
        return len(captured.captured_queries)

    small = first_read_count()
    site, mediator = data["site"], data["mediator"]
    model = Referral.objects.first()
    people = Beneficiary.objects.bulk_create(
        [Beneficiary(first_name=f"N{index}", last_name="Test", birth_year=1960 + index % 40) for index in range(600)]
    )
    Activity.objects.bulk_create(
        [
            Activity(
                site=site,
                recorded_by=mediator,
                date=date(2026, 3, 1 + index % 28),
                kind="individuel",
                beneficiary=somebody,
                thematiques=[A_THEME],
                duration=30,
            )
            for index, somebody in enumerate(people)
        ]
    )
    Referral.objects.bulk_create(
        [
            Referral(
                partner=model.partner,
                referrer=model.referrer,
                target_site=site,
                first_name="X",
                last_name="Y",
                birth_year=1970,
                phone="+33612345678",
                postal_code="69007",
                commune="Lyon",
                status="accepted",
                received_at=model.received_at,
                created_at=model.created_at,
                consent_attested=True,
                eligibility_attested=True,
                proof_type=model.proof_type,
                voucher_code=f"W{index:07d}",
                idempotency_key=uuid.uuid4(),
                beneficiary=somebody,
            )
            for index, somebody in enumerate(people)
        ]
    )
    larger = first_read_count()
    # The refresh did write the new rows: 4 + 600 people helped in March, a journey per referral.
    assert figures.people_figures(StatsScope.network(), MARCH, Filters()).figure("helped").value == 604
    assert ReferralJourney.objects.count() == Referral.objects.count() == 603
    assert larger == small


def test_dashboard_runs_without_jit_and_restores_the_setting(data):
    """On PostgreSQL the dashboard's queries run with JIT off (it cost 3.5 s for 0.75 s of work on the referral
    journeys at 1,000,000 activities) and the session's own setting comes back afterwards, even on an error."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("JIT is a PostgreSQL setting")

    def setting():
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('jit')")
            return cursor.fetchone()[0]

    seen = []

    def probe(scope, period, filters):
        seen.append(setting())
        return figures.skills_figures(scope, period, filters)

    with connection.cursor() as cursor:
        cursor.execute("SET jit = on")
    figures.dashboard(StatsScope.network(), MARCH, Filters(), blocks=(probe,))
    assert seen == ["off", "off"]  # the period and the previous one
    assert setting() == "on"

    def failing(scope, period, filters):
        raise RuntimeError("bloc en erreur")

    with pytest.raises(RuntimeError):
        figures.dashboard(StatsScope.network(), MARCH, Filters(), blocks=(failing,))
    assert setting() == "on"
