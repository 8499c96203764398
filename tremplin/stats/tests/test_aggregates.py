"""The exact monthly aggregates of the activity block (stats/aggregates.py, aggregates_sync.py).

Hand-built data set (right answers worked out by hand below), period 31/01/2026 → 01/03/2026: February is a
whole month (read from the aggregates), 31 January and 1 March are read from the raw records.
  J  A individual 31/01  45 min [a]    ordinateur           autonome                lieu d'activité
  F1 A individual 01/02  20 min [a, b] téléphone            partiellement autonome  domicile
  F2 A collective 14/02  90 min [b]    ordinateur, tablette 5 participants          lieu d'activité
  F3 B individual 28/02 120 min [a]    (none)               (not recorded)          à distance
  M  B collective 01/03  30 min [a]    aucun                3 participants          autre
  X  A individual 02/03  60 min (outside the period)
"""

import random
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tremplin.activities.models import Activity
from tremplin.core.testing.factories import SiteFactory
from tremplin.stats import aggregates_sync
from tremplin.stats.aggregates import ActivityMonthAggregate, ActivityMonthDirty
from tremplin.stats.figures.activities import activity_block, activity_over_time
from tremplin.stats.filters import Filters
from tremplin.stats.periods import Period
from tremplin.stats.scope import StatsScope

pytestmark = pytest.mark.django_db

A, B = "diagnostic_numerique", "prendre_en_main_du_materiel"
PERIOD = Period(date(2026, 1, 31), date(2026, 3, 1))
NETWORK = StatsScope.network()


def values(table):
    return {row.key: row.values for row in table.rows}


@pytest.fixture
def hand(make_user, site):
    other = SiteFactory(name="Espace B agrégats")
    mediator = make_user("mediator", at=site)

    def add(where, day, kind, minutes, themes, equipment, place, autonomy="", participants=1):
        return Activity.objects.create(
            site=where,
            recorded_by=mediator,
            date=day,
            kind=kind,
            duration=minutes,
            thematiques=themes,
            equipment=equipment,
            place=place,
            autonomy=autonomy,
            participant_count=participants,
        )

    add(site, date(2026, 1, 31), "individuel", 45, [A], ["ordinateur"], "lieu_activite", "autonome")
    add(site, date(2026, 2, 1), "individuel", 20, [A, B], ["telephone"], "domicile", "partiellement_autonome")
    add(site, date(2026, 2, 14), "collectif", 90, [B], ["ordinateur", "tablette"], "lieu_activite", participants=5)
    add(other, date(2026, 2, 28), "individuel", 120, [A], [], "a_distance")
    add(other, date(2026, 3, 1), "collectif", 30, [A], ["aucun"], "autre", participants=3)
    add(site, date(2026, 3, 2), "individuel", 60, [A], [], "lieu_activite")
    return {"site": site, "other": other, "mediator": mediator, "add": add}


def test_hand_built_figures_read_through_the_aggregates(hand):
    block = activity_block(NETWORK, PERIOD, Filters())
    assert block.figure("activities").value == 5  # J, F1, F2, F3, M
    assert block.figure("accompaniments").value == 11  # 1 + 1 + 5 + 1 + 3
    assert block.figure("individual").value == 3
    assert block.figure("collective").value == 2
    assert block.figure("collective_participants").value == 8
    assert block.figure("hours").value == 5.1  # 45 + 20 + 90 + 120 + 30 = 305 min
    assert values(block.table("by_kind")) == {"individuel": (3, 3), "collectif": (2, 8)}
    # < 30: F1; 30 to < 60: J, M (30 is in "30 min à 1 h"); 60 to < 120: F2; 120 and more: F3.
    assert values(block.table("by_duration")) == {"30": (1, 1), "60": (2, 4), "120": (1, 5), "more": (1, 1)}
    assert values(block.table("by_place")) == {
        "lieu_activite": (2, 6),
        "domicile": (1, 1),
        "a_distance": (1, 1),
        "autre": (1, 3),
    }
    assert values(block.table("by_thematique")) == {A: (4, 6), B: (2, 6)}
    equipment = values(block.table("by_equipment"))
    assert equipment["ordinateur"] == (2, 6)
    assert equipment["telephone"] == (1, 1)
    assert equipment["tablette"] == (1, 5)
    assert equipment["aucun"] == (1, 3)
    assert values(block.table("by_autonomy")) == {
        "entierement_accompagne": (0,),
        "partiellement_autonome": (1,),
        "autonome": (1,),
        "": (1,),
    }
    over_time = values(activity_over_time(NETWORK, PERIOD, Filters()))
    assert over_time == {"2026-01-01": (1, 1), "2026-02-01": (3, 7), "2026-03-01": (1, 3)}
    # The filters the aggregates serve: type, site (filter and scope).
    collective = activity_block(NETWORK, PERIOD, Filters(kind="collectif"))
    assert (collective.figure("activities").value, collective.figure("accompaniments").value) == (2, 8)
    at_b = activity_block(NETWORK, PERIOD, Filters(site_id=hand["other"].pk))
    assert (at_b.figure("activities").value, at_b.figure("accompaniments").value) == (2, 4)  # F3, M
    scoped = activity_block(StatsScope.for_sites([hand["site"].pk]), PERIOD, Filters())
    assert (scoped.figure("activities").value, scoped.figure("accompaniments").value) == (3, 7)  # J, F1, F2


def test_whole_months_come_from_the_stored_rows(hand):
    activity_block(NETWORK, PERIOD, Filters())  # refreshes the dirty months
    february = ActivityMonthAggregate.objects.filter(month=date(2026, 2, 1), dimension="")
    assert sum(february.values_list("activities", flat=True)) == 3  # F1, F2, F3
    # Tamper with February's stored total: the block shows it (it reads the aggregates, not the records)…
    february.filter(kind="individuel", site=hand["site"]).update(activities=101)
    assert activity_block(NETWORK, PERIOD, Filters()).figure("activities").value == 5 + 100
    # …the check finds it, the rebuild puts it right.
    found = aggregates_sync.differences(PERIOD.start, PERIOD.end)
    assert [(row[2], row[3], row[5][0], row[6][0]) for row in found] == [("individuel", "", 101, 1)]
    aggregates_sync.rebuild(date(2026, 2, 1), date(2026, 2, 28))
    assert activity_block(NETWORK, PERIOD, Filters()).figure("activities").value == 5
    # A filter the aggregates do not hold (mediator, thématique, partner) reads the records: same answer.
    mediator = Filters(mediator_id=hand["mediator"].pk)
    assert activity_block(NETWORK, PERIOD, mediator).figure("activities").value == 5
    assert activity_block(NETWORK, PERIOD, Filters(thematique=B)).figure("activities").value == 2  # F1, F2


def test_edits_moves_and_deletions_keep_them_exact(hand):
    from tremplin.activities.services import update_activity

    activity_block(NETWORK, PERIOD, Filters())
    assert not ActivityMonthDirty.objects.exists()
    moved = Activity.objects.get(date=date(2026, 2, 14))
    moved.date = date(2026, 4, 2)  # February loses it, April gains it
    moved.duration = 15
    update_activity(hand["mediator"], moved)
    assert set(ActivityMonthDirty.objects.values_list("month", flat=True)) == {date(2026, 2, 1), date(2026, 4, 1)}
    block = activity_block(NETWORK, PERIOD, Filters())
    assert (block.figure("activities").value, block.figure("accompaniments").value) == (4, 6)
    Activity.objects.get(date=date(2026, 2, 28)).delete()
    assert activity_block(NETWORK, PERIOD, Filters()).figure("activities").value == 3
    april = activity_block(NETWORK, Period(date(2026, 4, 1), date(2026, 4, 30)), Filters())
    assert values(april.table("by_duration"))["30"] == (1, 5)
    # A save limited to fields the aggregates do not hold marks nothing.
    record = Activity.objects.get(date=date(2026, 2, 1))
    record.redirected_to = "autre"
    record.save(update_fields=["redirected_to", "updated_at"])
    assert not ActivityMonthDirty.objects.exists()
    assert aggregates_sync.differences(date(2026, 1, 1), date(2026, 4, 30)) == []


def test_bulk_writes_are_marked_by_hand(hand):
    activity_block(NETWORK, PERIOD, Filters())
    Activity.objects.filter(date__month=2).update(place="autre")  # bypasses the signals
    aggregates_sync.mark_range_dirty(date(2026, 2, 1), date(2026, 2, 28))
    assert values(activity_block(NETWORK, PERIOD, Filters()).table("by_place"))["autre"] == (4, 10)


def test_the_rebuild_command_and_the_check(hand):
    ActivityMonthDirty.objects.all().delete()
    ActivityMonthAggregate.objects.all().delete()
    call_command("rebuild_stats_aggregates")
    assert aggregates_sync.differences(date(2026, 1, 1), date(2026, 3, 31)) == []
    assert activity_block(NETWORK, PERIOD, Filters()).figure("activities").value == 5
    ActivityMonthAggregate.objects.filter(month=date(2026, 2, 1), dimension="lieu").delete()
    with pytest.raises(CommandError, match="agrégats diffèrent"):
        call_command("rebuild_stats_aggregates", "--verifier")
    call_command("check_stats_aggregates")  # the nightly job repairs
    call_command("rebuild_stats_aggregates", "--verifier")
    call_command("rebuild_stats_aggregates", "--depuis", "2026-02-10", "--jusqua", "2026-02-10")
    call_command("rebuild_stats_aggregates", "--verifier")
    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        call_command("rebuild_stats_aggregates", "--depuis", "10/02/2026")


def test_the_rebuild_clears_the_marks_of_what_it_rebuilt(hand):
    """After `rebuild_stats_aggregates` the first read has nothing left to recompute (the marks of the
    rebuilt site-months were once left behind: that read recomputed everything again); a mark outside the
    rebuilt range or sites stays for the next refresh."""
    aggregates_sync.mark_range_dirty(date(2026, 1, 1), date(2026, 3, 31))
    aggregates_sync.rebuild(date(2026, 2, 1), date(2026, 2, 28), site_ids=[hand["site"].pk])
    left = set(ActivityMonthDirty.objects.values_list("site_id", "month"))
    site, other = hand["site"].pk, hand["other"].pk
    assert (site, date(2026, 2, 1)) not in left
    assert {(other, date(2026, 2, 1)), (site, date(2026, 1, 1)), (site, date(2026, 3, 1))} <= left
    call_command("rebuild_stats_aggregates")
    assert not ActivityMonthDirty.objects.exists()
    assert aggregates_sync.differences(date(2026, 1, 1), date(2026, 3, 31)) == []


def test_month_split():
    split = aggregates_sync.month_split
    assert split(date(2026, 1, 31), date(2026, 3, 1)) == (
        (date(2026, 2, 1), date(2026, 2, 1)),
        [(date(2026, 1, 31), date(2026, 1, 31)), (date(2026, 3, 1), date(2026, 3, 1))],
    )
    assert split(date(2025, 12, 1), date(2026, 11, 30)) == ((date(2025, 12, 1), date(2026, 11, 1)), [])
    assert split(date(2026, 3, 4), date(2026, 3, 20)) == (None, [(date(2026, 3, 4), date(2026, 3, 20))])
    assert split(date(2024, 2, 1), date(2024, 2, 29)) == ((date(2024, 2, 1), date(2024, 2, 1)), [])


# --------------------------------------------------------------------------------------------------------
# Property: after any sequence of creations, edits and deletions, the aggregates give the raw figures.

THEMES = [A, B, "email"]
EQUIPMENT = ["ordinateur", "telephone", "tablette", "aucun"]
DAY0 = date(2026, 1, 20)
operation = st.tuples(
    st.sampled_from(["create", "create", "edit", "delete"]),
    st.integers(0, 10_000),  # which record / seed of the new values
)
PERIODS = [
    Period(date(2026, 1, 1), date(2026, 3, 31)),  # three whole months
    Period(date(2026, 1, 25), date(2026, 3, 5)),  # whole February, raw edges
    Period(date(2026, 2, 10), date(2026, 2, 20)),  # no whole month
    Period(date(2026, 2, 1), date(2026, 2, 28)),
]


def _random_fields(rng, sites):
    kind = rng.choice(["individuel", "collectif"])
    return {
        "site": rng.choice(sites),
        "date": DAY0 + timedelta(days=rng.randrange(60)),
        "kind": kind,
        "duration": rng.choice([5, 29, 30, 59, 60, 119, 120, 300]),
        "thematiques": rng.sample(THEMES, rng.randint(1, 3)),
        "equipment": rng.sample(EQUIPMENT, rng.randint(0, 2)),
        "place": rng.choice(["lieu_activite", "domicile", "a_distance", "autre"]),
        "autonomy": "" if kind == "collectif" else rng.choice(["", "autonome", "partiellement_autonome"]),
        "participant_count": 1 if kind == "individuel" else rng.randint(1, 9),
    }


def _snapshot(block):
    return (
        [(row.key, row.values) for row in block.figures],
        [(table.key, [(row.key, row.values) for row in table.rows]) for table in block.tables],
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, min_size=1, max_size=12))
def test_aggregates_equal_the_raw_figures_after_any_changes(make_user, site, operations):
    from django.db import transaction

    with transaction.atomic():  # each example starts from the same database
        sites = [site, SiteFactory(name="Espace propriété")]
        mediator = make_user("mediator", at=site)
        for action, seed in operations:
            rng = random.Random(seed)
            existing = list(Activity.objects.order_by("pk"))
            if action == "create" or not existing:
                Activity.objects.create(recorded_by=mediator, **_random_fields(rng, sites))
            elif action == "edit":
                record = existing[seed % len(existing)]
                for name, value in rng.sample(sorted(_random_fields(rng, sites).items()), rng.randint(1, 4)):
                    setattr(record, name, value)
                if record.kind == "individuel":
                    record.participant_count = 1
                record.save()
            else:
                existing[seed % len(existing)].delete()
            if rng.random() < 0.3:  # sometimes read (and refresh) between changes
                activity_block(NETWORK, PERIODS[seed % len(PERIODS)], Filters())
        for period in PERIODS:
            for filters in (Filters(), Filters(kind="collectif"), Filters(site_id=sites[1].pk)):
                stored = activity_block(NETWORK, period, filters)
                raw = activity_block(NETWORK, period, filters, use_aggregates=False)
                assert _snapshot(stored) == _snapshot(raw), (period, filters)
            assert values(activity_over_time(NETWORK, period, Filters())) == values(
                activity_over_time(NETWORK, period, Filters(), use_aggregates=False)
            )
        assert aggregates_sync.differences(date(2026, 1, 1), date(2026, 3, 31)) == []
        transaction.set_rollback(True)
