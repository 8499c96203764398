"""The skills block reads the assessments room's aggregates (one definition). Hand-built data, answers by hand.

Sites A (`site`) and B (`other_site`); period March 2026; levels on area codes x and y.
  P1: A 10 Jan "débutant" {x 0, y 1};  A 11 Mar "autonome" {x 2, y 1}
  P2: A  5 Mar "à initier" {x 1};       B 20 Mar "débutant" {x 1, y 2}
  P3: B 15 Mar "autonome" {x 3}
  P4: A  2 Mar (no profile) {};          A 10 Apr {x 2}   (follow-up after the period)
"""

from datetime import date, datetime

import pytest
from django.utils import timezone

from tremplin.assessments.models import Assessment
from tremplin.assessments.questionnaire_data import create_default_questionnaire
from tremplin.people.models import Beneficiary
from tremplin.stats import figures
from tremplin.stats.filters import Filters
from tremplin.stats.periods import Period
from tremplin.stats.scope import StatsScope

pytestmark = pytest.mark.django_db
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def diagnostics(site, other_site):
    questionnaire = create_default_questionnaire()
    a, b = site, other_site
    plan = {
        "P1": [(a, (2026, 1, 10), "debutant", {"x": 0, "y": 1}), (a, (2026, 3, 11), "autonome", {"x": 2, "y": 1})],
        "P2": [(a, (2026, 3, 5), "a_initier", {"x": 1}), (b, (2026, 3, 20), "debutant", {"x": 1, "y": 2})],
        "P3": [(b, (2026, 3, 15), "autonome", {"x": 3})],
        "P4": [(a, (2026, 3, 2), "", {}), (a, (2026, 4, 10), "debutant", {"x": 2})],
    }
    for name, rows in plan.items():
        person = Beneficiary.objects.create(first_name=name, last_name="Test")
        for place, day, profile, levels in rows:
            moment = timezone.make_aware(datetime(*day, 12, 0))
            Assessment.objects.create(
                beneficiary=person,
                questionnaire=questionnaire,
                site=place,
                levels=levels,
                profile=profile,
                started_at=moment,
                completed_at=moment,
            )
    return a, b


def test_network_skills_on_the_assessments_definitions(diagnostics):
    block = figures.skills_figures(StatsScope.network(), MARCH, Filters())
    assert block.figure("assessments").value == 4  # P1 (11 Mar), P2, P3, P4
    assert block.figure("first").value == 3  # P2, P3, P4 (P1's first one is in January)
    assert block.figure("with_follow_up").value == 1  # P2 (20 Mar); P4's is in April
    assert block.figure("follow_up_share").value == 33  # 1 / 3
    assert block.figure("median_days_to_follow_up").value == 15.0  # 5 → 20 March
    profiles = {row.key: row.value for row in block.table("profiles").rows}
    assert profiles == {"a_initier": 1, "debutant": 0, "en_progression": 0, "autonome": 1, "": 1}
    # P2: x 1 → 1 (compared, no gain); y is not on the first diagnostic (not compared).
    assert {row.key: row.values for row in block.table("progress").rows} == {"x": (1, 0, 0)}


def test_site_scope_and_site_filter_agree(diagnostics):
    a, _b = diagnostics
    for scope, filters in ((StatsScope.for_sites({a.pk}), Filters()), (StatsScope.network(), Filters(site_id=a.pk))):
        block = figures.skills_figures(scope, MARCH, filters)
        assert block.figure("assessments").value == 3  # P1, P2 (5 Mar), P4 at A
        assert block.figure("first").value == 2  # P2, P4 (first diagnostic at A in March)
        assert block.figure("with_follow_up").value == 1  # P2's follow-up at B counts (any site)
        assert block.figure("follow_up_share").value == 50
