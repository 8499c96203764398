"""Diagnostic figures for the statistics room, on a hand-built data set; answers written from the rules
in aggregates.py (not from running the code)."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from tremplin.assessments.aggregates import AreaGain, diagnostic_aggregates
from tremplin.assessments.models import Assessment
from tremplin.workshops.tests.factories import BeneficiaryFactory


def at(day):
    return timezone.make_aware(datetime(*day, 12, 0))


@pytest.fixture
def data(questionnaire, site, other_site):
    """P1..P5 (A = site, B = other_site); levels on two area codes x and y."""
    a, b = site, other_site
    plan = {
        "P1": [(a, (2026, 1, 10), "a_initier", {"x": 0, "y": 1}), (a, (2026, 3, 11), "debutant", {"x": 2, "y": 1})],
        "P2": [(a, (2026, 2, 1), "debutant", {"x": 1, "y": None}), (b, (2026, 2, 21), "debutant", {"x": 1, "y": 2})],
        "P3": [(b, (2026, 1, 15), "autonome", {"x": 3, "y": 3})],
        "P4": [
            (a, (2025, 12, 1), "debutant", {"x": 1, "y": 1}),
            (a, (2026, 1, 20), "en_progression", {"x": 2, "y": 2}),
        ],
        "P5": [(a, (2026, 4, 5), "", {"x": None, "y": None})],
    }
    for name, diagnostics in plan.items():
        person = BeneficiaryFactory(first_name=name, sites=[a, b])
        for place, day, profile, levels in diagnostics:
            Assessment.objects.create(
                beneficiary=person,
                questionnaire=questionnaire,
                site=place,
                levels=levels,
                profile=profile,
                started_at=at(day),
                completed_at=at(day),
            )
    Assessment.objects.create(  # started, never completed: not counted anywhere
        beneficiary=BeneficiaryFactory(sites=[a]), questionnaire=questionnaire, site=a, started_at=at((2026, 5, 1))
    )
    return a.pk, b.pk


YEAR = (date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("scope", "period", "diagnosed", "cohort", "profiles", "follow_up", "share", "gains", "median"),
    [
        # Network, 2026: P1..P5 diagnosed (P4's second one is in 2026); cohort without P4 (first in 2025).
        (
            None,
            YEAR,
            5,
            4,
            {"a_initier": 1, "debutant": 1, "autonome": 1, "": 1},
            2,
            0.5,
            {"x": AreaGain(2, 1), "y": AreaGain(1, 0)},
            40,
        ),
        # Site A, 2026: P3 is B's; P2's follow-up at B still counts (any site).
        (
            "A",
            YEAR,
            4,
            3,
            {"a_initier": 1, "debutant": 1, "": 1},
            2,
            2 / 3,
            {"x": AreaGain(2, 1), "y": AreaGain(1, 0)},
            40,
        ),
        # Network, January–February: P1's follow-up (11 March) is after the end, P5 after it too.
        (
            None,
            (date(2026, 1, 1), date(2026, 2, 28)),
            4,
            3,
            {"a_initier": 1, "debutant": 1, "autonome": 1},
            1,
            1 / 3,
            {"x": AreaGain(1, 0)},
            20,
        ),
        # Site B, no dates: P2's follow-up and P3; only P3's first diagnostic is at B.
        ("B", (None, None), 2, 1, {"autonome": 1}, 0, 0.0, {}, None),
        # Nothing in 2027.
        (None, (date(2027, 1, 1), date(2027, 12, 31)), 0, 0, {}, 0, None, {}, None),
    ],
)
def test_diagnostic_aggregates(data, scope, period, diagnosed, cohort, profiles, follow_up, share, gains, median):
    site_ids = {None: None, "A": [data[0]], "B": [data[1]]}[scope]
    result = diagnostic_aggregates(site_ids, *period)
    assert result.people_diagnosed == diagnosed
    assert result.cohort == cohort
    assert result.profiles_at_first == profiles
    assert result.with_follow_up == follow_up
    assert result.follow_up_share == pytest.approx(share) if share is not None else result.follow_up_share is None
    assert result.gained_per_area == gains
    assert result.median_days_to_follow_up == median


def test_the_share_of_an_area_gain():
    assert AreaGain(4, 1).share == 0.25 and AreaGain(0, 0).share is None


def test_a_follow_up_on_a_newer_version_is_matched_area_by_area_by_code(questionnaire, site):
    """v2 keeps "communiquer", drops "smartphone", adds "ia": only "communiquer" has a before and an after."""
    from tremplin.assessments.models import Area, Item, Questionnaire

    v2 = Questionnaire.objects.create(version=2, title="Diagnostic v2")
    for code in ("communiquer", "ia"):
        area = Area.objects.create(questionnaire=v2, code=code, names={"fr": code}, crcn_codes=["2.1"])
        Item.objects.create(area=area, kind="self", texts={"fr": f"Question {code}"})
    v2.publish()
    person = BeneficiaryFactory(sites=[site])
    for version, day, profile, levels in [
        (questionnaire, (2026, 1, 10), "a_initier", {"communiquer": 0, "smartphone": 1}),
        (v2, (2026, 1, 31), "en_progression", {"communiquer": 2, "ia": 1}),
    ]:
        Assessment.objects.create(
            beneficiary=person,
            questionnaire=version,
            site=site,
            levels=levels,
            profile=profile,
            started_at=at(day),
            completed_at=at(day),
        )
    figures = diagnostic_aggregates()
    assert (figures.cohort, figures.with_follow_up, figures.profiles_at_first) == (1, 1, {"a_initier": 1})
    assert figures.gained_per_area == {"communiquer": AreaGain(1, 1)}
    assert figures.median_days_to_follow_up == 21
