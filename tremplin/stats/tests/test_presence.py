"""The stored data of the people block and of the referral journeys (stats/presence.py) give the figures of
the raw records, whatever was written before (presence_sync.py, journeys_sync.py).

Hand-built people data set (right answers worked out by hand below), period 31/01/2026 → 01/03/2026:
February is a whole month (read from the presence rows), 31 January and 1 March from the records.
  D  site A individual 10/12/2025  Awa                 (before the period: Awa is "already followed" at A)
  J  site A individual 31/01       Bruno
  F1 site A individual 01/02       Awa
  F2 site A collective 14/02       Awa, Chloé named; 6 participants, 2 anonymous counted "25 - 39 ans"
  F3 site B individual 28/02       anonymous
  M  site B collective 01/03       Bruno named; 3 participants
  X  site A individual 02/03       Chloé               (after the period)
"""

import contextlib
import random
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tremplin.activities.models import Activity
from tremplin.core.testing.factories import SiteFactory
from tremplin.people.models import Beneficiary
from tremplin.stats import aggregates_sync, journeys_sync, presence_sync
from tremplin.stats.figures.people import people_figures
from tremplin.stats.figures.referrals import funnel_figures, partner_figures
from tremplin.stats.filters import Filters
from tremplin.stats.periods import Period
from tremplin.stats.presence import PersonMonthPresence, PersonSiteFirst, ReferralJourney
from tremplin.stats.scope import StatsScope
from tremplin.stats.tests.journey_reference import _query_referral_journeys

from .test_definitions import journeys  # noqa: F401 - the funnel's hand-built referrals, shared

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2026, 1, 31), date(2026, 3, 1))
NETWORK = StatsScope.network()
THEME = ["diagnostic_numerique"]


def figures_of(block):
    return (
        [(row.key, row.values) for row in block.figures],
        [(table.key, [(row.key, row.values) for row in table.rows]) for table in block.tables],
    )


def headline(block):
    return {row.key: row.value for row in block.figures}


@pytest.fixture
def hand(make_user, site):
    other = SiteFactory(name="Espace B présence")
    mediator = make_user("mediator", at=site)
    awa = Beneficiary.objects.create(first_name="Awa", last_name="Test", birth_year=1950, commune="Lyon")
    bruno = Beneficiary.objects.create(first_name="Bruno", last_name="Test", birth_year=1990, commune="Vénissieux")
    chloe = Beneficiary.objects.create(first_name="Chloé", last_name="Test", birth_year=2010)

    def add(where, day, kind, person=None, named=(), participants=1, bands=None):
        activity = Activity.objects.create(
            site=where,
            recorded_by=mediator,
            date=day,
            kind=kind,
            duration=60,
            thematiques=THEME,
            place="lieu_activite",
            beneficiary=person,
            participant_count=participants,
            anonymous_age_bands=bands or {},
        )
        if named:
            activity.participants.set(named)
        return activity

    add(site, date(2025, 12, 10), "individuel", awa)
    add(site, date(2026, 1, 31), "individuel", bruno)
    add(site, date(2026, 2, 1), "individuel", awa)
    add(site, date(2026, 2, 14), "collectif", named=[awa, chloe], participants=6, bands={"vingt_cinq_trente_neuf": 2})
    add(other, date(2026, 2, 28), "individuel")
    add(other, date(2026, 3, 1), "collectif", named=[bruno], participants=3)
    add(site, date(2026, 3, 2), "individuel", chloe)
    return {"site": site, "other": other, "awa": awa, "bruno": bruno, "chloe": chloe, "add": add}


def test_hand_built_people_figures_from_the_stored_data(hand):
    block = people_figures(NETWORK, PERIOD, Filters())
    # Awa (F1, F2), Bruno (J, M), Chloé (F2); only Awa was helped before 31/01 (D).
    # Accompaniments 1 + 1 + 6 + 1 + 3 = 12, of which named: J and F1 (2 individual records with a person) and
    # 3 participants (Awa, Chloé at F2; Bruno at M): anonymous 12 − 2 − 3 = 7 (F3: 1, F2: 4, M: 2).
    assert headline(block) == {"helped": 3, "new": 2, "already": 1, "anonymous": 7}
    bands = {row.key: row.values for row in block.table("age_bands").rows}
    # People by the age reached in 2026: Awa 76, Bruno 36, Chloé 16; anonymous: 2 in "25 - 39 ans" (F2),
    # the other 5 "non communiqué".
    assert bands["soixante_dix_plus"] == (1, 0)
    assert bands["vingt_cinq_trente_neuf"] == (1, 2)
    assert bands["douze_dix_huit"] == (1, 0)
    assert bands["non_communique"] == (0, 5)
    communes = {row.key: row.values for row in block.table("communes").rows}
    assert communes == {"Lyon": (1,), "Vénissieux": (1,), "__inconnue": (1,)}
    # Site B alone: Bruno (M; J is at site A), new there; anonymous: F3 1 + M 2.
    at_b = people_figures(StatsScope.for_sites([hand["other"].pk]), PERIOD, Filters())
    assert headline(at_b) == {"helped": 1, "new": 1, "already": 0, "anonymous": 3}
    # Collective records only (F2, M): the three named; "already followed" looks at every earlier record (D).
    collective = people_figures(NETWORK, PERIOD, Filters(kind="collectif"))
    assert headline(collective) == {"helped": 3, "new": 2, "already": 1, "anonymous": 6}
    for scope in (NETWORK, StatsScope.for_sites([hand["site"].pk])):
        for filters in (Filters(), Filters(kind="collectif"), Filters(site_id=hand["site"].pk)):
            assert figures_of(people_figures(scope, PERIOD, filters)) == figures_of(
                people_figures(scope, PERIOD, filters, use_stored=False)
            )


def test_presence_rows_and_first_accompaniments(hand):
    aggregates_sync.refresh()
    site, awa = hand["site"], hand["awa"]
    rows = set(PersonMonthPresence.objects.filter(beneficiary=awa).values_list("site_id", "month", "kind", "first_day"))
    assert rows == {
        (site.pk, date(2025, 12, 1), "individuel", date(2025, 12, 10)),
        (site.pk, date(2026, 2, 1), "individuel", date(2026, 2, 1)),
        (site.pk, date(2026, 2, 1), "collectif", date(2026, 2, 14)),
    }
    firsts = dict(PersonSiteFirst.objects.values_list("beneficiary_id", "first_day"))
    assert firsts[awa.pk] == date(2025, 12, 10)
    assert PersonSiteFirst.objects.filter(beneficiary=hand["bruno"]).count() == 2  # sites A and B
    assert presence_sync.differences(date(2025, 12, 1), date(2026, 3, 31)) == []


def test_every_change_of_who_an_activity_names_is_followed(hand, make_user):
    from tremplin.people.services import merge_beneficiaries

    awa, bruno, chloe, site = hand["awa"], hand["bruno"], hand["chloe"], hand["site"]
    people_figures(NETWORK, PERIOD, Filters())  # refreshed
    december = Activity.objects.get(date=date(2025, 12, 10))
    december.beneficiary = chloe  # Awa was never helped before: she is new; Chloé now already followed
    december.save()
    assert headline(people_figures(NETWORK, PERIOD, Filters()))["already"] == 1
    assert PersonSiteFirst.objects.get(beneficiary=chloe).first_day == date(2025, 12, 10)
    assert PersonSiteFirst.objects.get(beneficiary=awa).first_day == date(2026, 2, 1)
    collective = Activity.objects.get(date=date(2026, 2, 14))
    collective.participants.remove(chloe)  # m2m from the activity's side
    bruno.collective_activities.add(collective)  # and from the person's side
    block = people_figures(NETWORK, PERIOD, Filters())
    assert headline(block)["helped"] == 2  # Awa, Bruno (Chloé only before and after the period)
    chloe.collective_activities.clear()
    awa.collective_activities.clear()
    assert headline(people_figures(NETWORK, PERIOD, Filters(kind="collectif")))["helped"] == 1  # Bruno (F2, M)
    for person in (awa, bruno):
        person.sites.add(site)
    manager = make_user("site_manager", at=site)
    from tremplin.people.services import merge_plan

    # The confirmation page lists what is the person's (their activities), not the recomputed figures.
    moved = [label for label, _count in merge_plan(awa, bruno).moves]
    assert str(PersonMonthPresence._meta.verbose_name_plural) not in moved
    assert str(PersonSiteFirst._meta.verbose_name_plural) not in moved
    assert PersonMonthPresence.objects.filter(beneficiary=bruno).exists()  # there are some to recompute
    merge_beneficiaries(manager, awa, bruno)  # Bruno's records and participations move to Awa
    block = people_figures(NETWORK, PERIOD, Filters())
    assert headline(block)["helped"] == 1
    assert not PersonMonthPresence.objects.filter(beneficiary=bruno).exists()
    assert presence_sync.differences(date(2025, 12, 1), date(2026, 3, 31)) == []
    assert figures_of(block) == figures_of(people_figures(NETWORK, PERIOD, Filters(), use_stored=False))


def test_bulk_writes_rebuild_and_the_nightly_check(hand):
    aggregates_sync.refresh()
    Activity.objects.filter(date=date(2026, 2, 1)).update(beneficiary=hand["chloe"])  # bypasses the signals
    assert presence_sync.differences(date(2026, 2, 1), date(2026, 2, 28)) != []
    with pytest.raises(CommandError, match="diffèrent"):
        call_command("rebuild_stats_aggregates", "--verifier")
    call_command("check_stats_aggregates")  # the nightly job repairs
    call_command("rebuild_stats_aggregates", "--verifier")
    assert presence_sync.differences(date(2025, 12, 1), date(2026, 3, 31)) == []
    PersonMonthPresence.objects.all().delete()
    PersonSiteFirst.objects.all().delete()
    call_command("rebuild_stats_aggregates")
    assert presence_sync.differences(date(2025, 12, 1), date(2026, 3, 31)) == []
    assert figures_of(people_figures(NETWORK, PERIOD, Filters())) == figures_of(
        people_figures(NETWORK, PERIOD, Filters(), use_stored=False)
    )


# --------------------------------------------------------------------------------------------------------
# Property: after any sequence of writes, the people figures from the stored data equal the records'.

DAY0 = date(2026, 1, 10)
PERIODS = [
    Period(date(2026, 1, 1), date(2026, 3, 31)),  # three whole months
    Period(date(2026, 1, 25), date(2026, 3, 5)),  # whole February, raw edges
    Period(date(2026, 2, 10), date(2026, 2, 20)),  # no whole month
    Period(date(2026, 2, 1), date(2026, 2, 28)),
]
BANDS = ["dix_huit_vingt_quatre", "quarante_cinquante_neuf", "soixante_dix_plus"]
operation = st.tuples(
    st.sampled_from(["create", "create", "create", "edit", "participants", "delete", "merge"]),
    st.integers(0, 10_000),
)


def _new_fields(rng, sites, people):
    kind = rng.choice(["individuel", "collectif"])
    fields = {
        "site": rng.choice(sites),
        "date": DAY0 + timedelta(days=rng.randrange(80)),
        "kind": kind,
        "duration": 60,
        "thematiques": THEME,
        "place": "lieu_activite",
        "beneficiary": rng.choice([None, *people]) if kind == "individuel" else None,
        "participant_count": 1 if kind == "individuel" else rng.randint(3, 8),
        "anonymous_age_bands": {},
    }
    if kind == "collectif" and rng.random() < 0.5:
        fields["anonymous_age_bands"] = {rng.choice(BANDS): rng.randint(1, 2)}
    return fields


def apply_write(action, rng, seed, mediator, manager, live, new_fields):
    """One random write of the stored-figures property tests: "create", "edit", "participants", "delete" an
    activity, or "merge" two of the `live` people; `new_fields(rng, live)` gives an activity's fields. False for another
    action (the caller's own)."""
    from tremplin.people.services import merge_beneficiaries
    from tremplin.people.services.merge import MergeConflict

    existing = list(Activity.objects.order_by("pk"))
    if action == "create" or (action in ("edit", "participants", "delete") and not existing):
        record = Activity.objects.create(recorded_by=mediator, **new_fields(rng, live))
        if record.kind == "collectif":
            record.participants.set(rng.sample(live, min(len(live), rng.randint(0, 2))))
    elif action == "edit":
        record = existing[seed % len(existing)]
        fields = new_fields(rng, live)
        for name in rng.sample(["site", "date", "beneficiary"], rng.randint(1, 3)):
            if name != "beneficiary" or record.kind == "individuel":
                setattr(record, name, fields[name])
        record.save()
    elif action == "participants":
        record = existing[seed % len(existing)]
        if record.kind == "collectif" and live:
            person = rng.choice(live)
            if rng.random() < 0.5:
                person.collective_activities.add(record)
            else:
                record.participants.remove(person)
    elif action == "delete":
        existing[seed % len(existing)].delete()
    elif action == "merge":
        if len(live) >= 2:
            keep, remove = rng.sample(live, 2)
            with contextlib.suppress(MergeConflict):  # a move that would break a uniqueness rule
                merge_beneficiaries(manager, keep, remove)
    else:
        return False
    return True


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, min_size=1, max_size=12))
def test_people_figures_from_stored_data_equal_the_records(make_user, site, operations):
    from django.db import transaction

    with transaction.atomic():  # each example starts from the same database
        sites = [site, SiteFactory(name="Espace propriété présence")]
        mediator = make_user("mediator", at=site)
        manager = make_user("site_manager", at=site)
        people = []
        for index in range(4):
            person = Beneficiary.objects.create(
                first_name=f"P{index}", last_name="Test", birth_year=1940 + 20 * index, commune=f"C{index % 2}"
            )
            person.sites.add(site)
            people.append(person)
        for action, seed in operations:
            rng = random.Random(seed)
            live = [p for p in people if not Beneficiary.objects.filter(pk=p.pk, merged_into__isnull=False).exists()]
            apply_write(action, rng, seed, mediator, manager, live, lambda rng, live: _new_fields(rng, sites, live))
            if rng.random() < 0.3:  # sometimes read (and refresh) between changes
                people_figures(NETWORK, PERIODS[seed % len(PERIODS)], Filters())
        scopes = (NETWORK, StatsScope.for_sites([sites[1].pk]))
        for period in PERIODS:
            for scope in scopes:
                for filters in (Filters(), Filters(kind="collectif"), Filters(site_id=site.pk)):
                    stored = people_figures(scope, period, filters)
                    raw = people_figures(scope, period, filters, use_stored=False)
                    assert figures_of(stored) == figures_of(raw), (period, scope, filters)
        assert presence_sync.differences(date(2026, 1, 1), date(2026, 3, 31)) == []
        assert aggregates_sync.differences(date(2026, 1, 1), date(2026, 3, 31)) == []
        transaction.set_rollback(True)


# --------------------------------------------------------------------------------------------------------
# Referral journeys: the stored step dates equal the raw tables' after every write that moves them.

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


def _journeys_agree():
    stored = _query_referral_journeys(NETWORK, MARCH, Filters())
    raw = _query_referral_journeys(NETWORK, MARCH, Filters(), use_stored=False)
    assert sorted(stored[0], key=str) == sorted(raw[0], key=str)
    assert journeys_sync.differences() == []


def test_journeys_follow_the_services_writes(journeys, make_user):  # noqa: F811 - the fixture
    from tremplin.assessments.models import Assessment
    from tremplin.referrals.models import ContactAttempt, Referral
    from tremplin.workshops.models import Enrollment
    from tremplin.workshops.services import record_attendance

    _journeys_agree()
    assert ReferralJourney.objects.count() == 3
    r1 = Referral.objects.get(status="accepted")
    site = journeys["site"]
    staff = make_user("mediator", at=site)
    # An earlier successful contact attempt: the contact step moves to +1 day.
    ContactAttempt.objects.create(
        referral=r1, at=r1.received_at + timedelta(days=1), channel="sms", outcome="reached", by=staff
    )
    _journeys_agree()
    assert funnel_figures(NETWORK, MARCH, Filters()).figure("delay_contact").value == 2.5  # median of 1 and 4
    # The second diagnostic deleted: no follow-up step any more.
    Assessment.objects.filter(beneficiary=r1.beneficiary).order_by("-completed_at").first().delete()
    _journeys_agree()
    steps = {row.key: row.values for row in funnel_figures(NETWORK, MARCH, Filters()).table("funnel").rows}
    assert steps["follow_up"] == (0, 0)
    # The session moved a day later: the workshop step too.
    session = journeys["session"]
    session.starts_at += timedelta(days=1)
    session.ends_at += timedelta(days=1)
    session.save()
    _journeys_agree()
    assert funnel_figures(NETWORK, MARCH, Filters()).figure("delay_workshop").value == 11.0
    # The attendance sheet (bulk update, then attendance_recorded): marked absent, no workshop step.
    enrollment = Enrollment.objects.get(session=session)
    record_attendance(staff, session, {enrollment.pk: "absent"}, now=session.starts_at)
    _journeys_agree()
    steps = {row.key: row.values for row in funnel_figures(NETWORK, MARCH, Filters()).table("funnel").rows}
    assert steps["workshop"] == (0, 0)
    assert partner_figures(NETWORK, MARCH, Filters()).figure("referrals").value == 3


def test_journeys_rebuild_and_check(journeys):  # noqa: F811 - the fixture
    ReferralJourney.objects.all().delete()
    call_command("rebuild_stats_aggregates")
    _journeys_agree()
    ReferralJourney.objects.update(workshop_at=None)  # a write that bypassed the marks
    assert journeys_sync.differences() != []
    call_command("check_stats_aggregates")
    _journeys_agree()
