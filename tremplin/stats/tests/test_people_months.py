"""The people block's flat path (figures/people_months.py): the months a person was helped, with their previous
month, give the people of whole months (network or one site) as the records do.

Hand-built data set of test_presence.py (`hand`), whole-month periods (right answers worked out by hand):
  D  site A individual 10/12/2025  Awa       F1 site A individual 01/02  Awa
  J  site A individual 31/01       Bruno     F2 site A collective 14/02  Awa, Chloé named
  F3 site B individual 28/02       anonymous M  site B collective 01/03  Bruno named
  X  site A individual 02/03       Chloé
"""

import contextlib
import random
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tremplin.core.testing.factories import SiteFactory
from tremplin.people.models import Beneficiary
from tremplin.stats import aggregates_sync, presence_sync
from tremplin.stats.figures.people import people_figures
from tremplin.stats.filters import Filters
from tremplin.stats.periods import Period
from tremplin.stats.presence import PersonMonthPrevious
from tremplin.stats.scope import StatsScope

from .test_presence import THEME, apply_write, figures_of, hand, headline  # noqa: F401 - the fixture, shared

pytestmark = pytest.mark.django_db

NETWORK = StatsScope.network()
FEBRUARY = Period(date(2026, 2, 1), date(2026, 2, 28))
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
FIRST_QUARTER = Period(date(2026, 1, 1), date(2026, 3, 31))
TABLE = PersonMonthPrevious._meta.db_table


def flat(scope, period, filters):
    """people_figures(), asserting that it read the months with their previous month."""
    with CaptureQueriesContext(connection) as captured:
        block = people_figures(scope, period, filters)
    assert any(TABLE in query["sql"] for query in captured.captured_queries), "not the flat path"
    return block


def test_rows_of_the_hand_built_set(hand):  # noqa: F811 - the fixture
    aggregates_sync.refresh()
    site, other = hand["site"].pk, hand["other"].pk
    rows = {
        (name, site_id, month, previous)
        for name, site_id, month, previous in PersonMonthPrevious.objects.values_list(
            "beneficiary__first_name", "site_id", "month", "previous"
        )
    }
    dec, jan, feb, mar = (date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1))
    assert rows == {
        ("Awa", site, dec, None),
        ("Awa", site, feb, dec),
        ("Awa", None, dec, None),
        ("Awa", None, feb, dec),
        ("Bruno", site, jan, None),
        ("Bruno", other, mar, None),
        ("Bruno", None, jan, None),
        ("Bruno", None, mar, jan),  # the network's previous month is at the other site
        ("Chloé", site, feb, None),
        ("Chloé", site, mar, feb),
        ("Chloé", None, feb, None),
        ("Chloé", None, mar, feb),
    }


def test_hand_built_whole_months(hand):  # noqa: F811 - the fixture
    site, other = hand["site"].pk, hand["other"].pk
    # February: Awa (helped in December: already followed), Chloé (new); F3 names nobody.
    assert headline(flat(NETWORK, FEBRUARY, Filters())) == {"helped": 2, "new": 1, "already": 1, "anonymous": 5}
    # March: Bruno (at B; helped in January at A) and Chloé (at A; helped in February): both already followed.
    assert headline(flat(NETWORK, MARCH, Filters())) == {"helped": 2, "new": 0, "already": 2, "anonymous": 2}
    # Site B alone in March: Bruno, never helped at B before: new there.
    site_b = StatsScope.for_sites([other])
    assert headline(flat(site_b, MARCH, Filters())) == {"helped": 1, "new": 1, "already": 0, "anonymous": 2}
    # The network filtered on site B: Bruno, already followed in the network (January at A).
    assert headline(flat(NETWORK, MARCH, Filters(site_id=other)))["already"] == 1
    # Site A in March: Chloé, helped at A in February.
    assert headline(flat(StatsScope.for_sites([site]), MARCH, Filters()))["already"] == 1
    # The first quarter: Awa (December: already), Bruno and Chloé (new); each counted once.
    quarter = flat(NETWORK, FIRST_QUARTER, Filters())
    assert headline(quarter) == {"helped": 3, "new": 2, "already": 1, "anonymous": 7}
    bands = {row.key: row.values[0] for row in quarter.table("age_bands").rows}
    assert (bands["soixante_dix_plus"], bands["vingt_cinq_trente_neuf"], bands["douze_dix_huit"]) == (1, 1, 1)
    # Two sites with a filter on one: "already" looks at both sites before the period.
    both = StatsScope.for_sites([site, other])
    assert headline(flat(both, MARCH, Filters(site_id=other)))["already"] == 1
    # A person's record changes (birth year, commune): read from the record, so at once.
    hand["chloe"].birth_year, hand["chloe"].commune = 1980, "Lyon"
    hand["chloe"].save()
    communes = {row.key: row.values for row in flat(NETWORK, FIRST_QUARTER, Filters()).table("communes").rows}
    assert communes == {"Lyon": (2,), "Vénissieux": (1,)}


def test_paths_not_served_read_the_presence_rows(hand):  # noqa: F811 - the fixture
    aggregates_sync.refresh()  # its writes name the table too
    for scope, period, filters in (
        (NETWORK, Period(date(2026, 1, 31), date(2026, 3, 1)), Filters()),  # months cut by the period
        (NETWORK, FEBRUARY, Filters(kind="collectif")),
        (StatsScope.for_sites([hand["site"].pk, hand["other"].pk]), FEBRUARY, Filters()),
    ):
        with CaptureQueriesContext(connection) as captured:
            block = people_figures(scope, period, filters)
        assert not any(TABLE in query["sql"] for query in captured.captured_queries)
        assert figures_of(block) == figures_of(people_figures(scope, period, filters, use_stored=False))


def test_check_rebuild_and_merge(hand, make_user):  # noqa: F811 - the fixture
    from tremplin.people.services import merge_beneficiaries

    aggregates_sync.refresh()
    assert presence_sync.differences(date(2025, 12, 1), date(2026, 3, 31)) == []
    PersonMonthPrevious.objects.filter(month=date(2026, 3, 1), site__isnull=True).update(previous=None)
    found = presence_sync.differences(date(2025, 12, 1), date(2026, 3, 31))
    assert {what for what, *_rest in found} == {"month"} and len(found) == 2
    with pytest.raises(CommandError, match="diffèrent"):
        call_command("rebuild_stats_aggregates", "--verifier")
    call_command("check_stats_aggregates")  # the nightly job repairs
    assert presence_sync.differences(date(2025, 12, 1), date(2026, 3, 31)) == []
    PersonMonthPrevious.objects.all().delete()
    call_command("rebuild_stats_aggregates")
    assert presence_sync.differences(date(2025, 12, 1), date(2026, 3, 31)) == []
    # A person's record written without save(): the rows' copy of it differs until the nightly check.
    Beneficiary.objects.filter(pk=hand["awa"].pk).update(commune="Paris", gender="feminin")
    found = presence_sync.differences(date(2025, 12, 1), date(2026, 3, 31))
    assert {(what, key[0]) for what, key, *_rest in found} == {("month", hand["awa"].pk)} and len(found) == 4
    call_command("check_stats_aggregates")
    genders = {row.key: row.values[0] for row in flat(NETWORK, FIRST_QUARTER, Filters()).table("gender").rows}
    assert genders["feminin"] == 1
    # A merge: Bruno's records move to Chloé; Bruno's derived rows go, Chloé's are recomputed.
    for person in (hand["bruno"], hand["chloe"]):
        person.sites.add(hand["site"])
    merge_beneficiaries(make_user("site_manager", at=hand["site"]), hand["chloe"], hand["bruno"])
    assert headline(flat(NETWORK, MARCH, Filters())) == {"helped": 1, "new": 0, "already": 1, "anonymous": 2}
    assert not PersonMonthPrevious.objects.filter(beneficiary=hand["bruno"]).exists()
    assert presence_sync.differences(date(2025, 12, 1), date(2026, 3, 31)) == []


# --------------------------------------------------------------------------------------------------------
# Property: after any sequence of writes (records, participants, people's records, merges, anonymisation),
# the flat path gives the records-only figures for whole months, the network and one site.

DAY0 = date(2025, 12, 10)
PERIODS = [
    Period(date(2026, 1, 1), date(2026, 1, 31)),
    Period(date(2026, 2, 1), date(2026, 3, 31)),
    Period(date(2025, 12, 1), date(2026, 3, 31)),
]
operation = st.tuples(
    st.sampled_from(["create", "create", "create", "edit", "participants", "delete", "person", "merge"]),
    st.integers(0, 10_000),
)


def _fields(rng, sites, people):
    kind = rng.choice(["individuel", "collectif"])
    return {
        "site": rng.choice(sites),
        "date": DAY0 + timedelta(days=rng.randrange(110)),
        "kind": kind,
        "duration": 60,
        "thematiques": THEME,
        "place": "lieu_activite",
        "beneficiary": rng.choice([None, *people]) if kind == "individuel" else None,
        "participant_count": 1 if kind == "individuel" else rng.randint(2, 6),
    }


def _change_person(rng, person):
    from tremplin.people.services.privacy import anonymise_beneficiary

    if rng.random() < 0.2:
        with contextlib.suppress(ValidationError):  # already anonymised
            anonymise_beneficiary(None, person, by_retention=True)
        return
    person.refresh_from_db()
    person.birth_year = rng.choice([None, 1950, 2001])
    person.commune = rng.choice(["", "C0", "C1"])
    person.gender = rng.choice(["non_communique", "feminin", "masculin"])
    person.save()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, min_size=1, max_size=12))
def test_flat_people_equal_the_records(make_user, site, operations):
    from django.db import transaction

    with transaction.atomic():  # each example starts from the same database
        sites = [site, SiteFactory(name="Espace propriété mois")]
        mediator = make_user("mediator", at=site)
        manager = make_user("site_manager", at=site)
        people = []
        for index in range(4):
            person = Beneficiary.objects.create(first_name=f"M{index}", last_name="Test", birth_year=1940 + 20 * index)
            person.sites.add(site)
            people.append(person)
        for action, seed in operations:
            rng = random.Random(seed)
            live = [p for p in people if not Beneficiary.objects.filter(pk=p.pk, merged_into__isnull=False).exists()]
            if action == "person" and live:
                _change_person(rng, rng.choice(live))
            else:
                apply_write(action, rng, seed, mediator, manager, live, lambda rng, live: _fields(rng, sites, live))
            if rng.random() < 0.3:  # sometimes read (and refresh) between changes
                people_figures(NETWORK, PERIODS[seed % len(PERIODS)], Filters())
        cases = [
            (NETWORK, Filters()),
            (NETWORK, Filters(site_id=sites[1].pk)),
            (StatsScope.for_sites([sites[0].pk]), Filters()),
            (StatsScope.for_sites([sites[1].pk]), Filters(site_id=sites[1].pk)),
            (StatsScope.for_sites([sites[0].pk, sites[1].pk]), Filters(site_id=sites[0].pk)),
        ]
        for period in PERIODS:
            for scope, filters in cases:
                stored = flat(scope, period, filters)
                raw = people_figures(scope, period, filters, use_stored=False)
                assert figures_of(stored) == figures_of(raw), (period, scope, filters)
        assert presence_sync.differences(date(2025, 12, 1), date(2026, 3, 31)) == []
        transaction.set_rollback(True)
