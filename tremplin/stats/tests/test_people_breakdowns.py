"""Genre, statut social and anonymous participants per age band in the people block (hooks registered by
StatsConfig.ready()). Hand-built data, March 2026, one site; answers worked out by hand.

  P1 féminin, en emploi, born 1990; P2 masculin, retraité, born 1950; P3 nothing given.
  1. individual P1
  2. individual, no person
  3. collective, 10 participants, P2 and P3 named, counted by band: 25-39 ans 3, moins de 12 ans 2
  4. collective, 4 participants, none named, counted by band: 25-39 ans 1
"""

from datetime import date

import pytest

from tremplin.activities.models import Activity
from tremplin.people.models import Beneficiary
from tremplin.stats import figures
from tremplin.stats.filters import Filters
from tremplin.stats.periods import Period
from tremplin.stats.scope import StatsScope

pytestmark = pytest.mark.django_db
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def people_data(make_user, site):
    mediator = make_user("mediator", at=site)

    def activity(kind="individuel", **fields):
        return Activity.objects.create(
            site=site,
            recorded_by=mediator,
            date=date(2026, 3, 10),
            kind=kind,
            thematiques=["diagnostic_numerique"],
            duration=30,
            **fields,
        )

    p1 = Beneficiary.objects.create(
        first_name="P1", last_name="T", birth_year=1990, gender="feminin", social_status="en_emploi"
    )
    p2 = Beneficiary.objects.create(
        first_name="P2", last_name="T", birth_year=1950, gender="masculin", social_status="retraite"
    )
    p3 = Beneficiary.objects.create(first_name="P3", last_name="T")
    activity(beneficiary=p1)
    activity()
    collective = activity(
        "collectif", participant_count=10, anonymous_age_bands={"vingt_cinq_trente_neuf": 3, "moins_de_douze": 2}
    )
    collective.participants.add(p2, p3)
    activity("collectif", participant_count=4, anonymous_age_bands={"vingt_cinq_trente_neuf": 1})


def test_hooks_are_registered_once():
    assert [row[0] for row in figures.PERSON_FIELD_BREAKDOWNS] == ["gender", "social_status"]
    assert [figures.anonymous_age_bands] == figures.ANONYMOUS_AGE_BAND_PROVIDERS


def test_gender_and_social_status(people_data):
    block = figures.people_figures(StatsScope.network(), MARCH, Filters())
    gender = {row.key: row.value for row in block.table("gender").rows}
    assert gender == {"non_communique": 1, "feminin": 1, "masculin": 1}
    status = {row.key: row.value for row in block.table("social_status").rows}
    assert status == {"non_communique": 1, "scolarise": 0, "sans_emploi": 0, "en_emploi": 1, "retraite": 1}
    assert block.table("gender").total() == block.figure("helped").value == 3


def test_anonymous_participants_per_age_band_add_up(people_data):
    block = figures.people_figures(StatsScope.network(), MARCH, Filters())
    # Anonymous accompaniments: activity 2 (1) + activity 3 (10 − 2 named = 8) + activity 4 (4) = 13.
    assert block.figure("anonymous").value == 13
    ages = {row.key: row.values for row in block.table("age_bands").rows}
    assert ages["vingt_cinq_trente_neuf"] == (1, 4)  # P1 (36 in 2026); 3 + 1 counted by band
    assert ages["moins_de_douze"] == (0, 2)
    assert ages["soixante_dix_plus"] == (1, 0)  # P2 (76)
    assert ages["non_communique"] == (1, 7)  # P3; 13 − 6 anonymous counted by band
    assert block.table("age_bands").total(1) == 13
    # Named people + anonymous participants = every accompaniment of the period (1 + 1 + 10 + 4).
    assert block.table("age_bands").total(0) + block.table("age_bands").total(1) == 16
