"""A small hand-built data set for programmes, exports, reports and share links.

At `site` (Espace Lyon test), in 2026:
  A1 individual 10/02, 60 min, Awa Diallo        A2 individual 01/03, 30 min, anonymous
  A3 collective 15/03, 120 min, 6 participants   A4 individual 05/07, 45 min (after the first half-year)
At `other_site` (Espace Grenoble test):
  B1 collective 20/02, 90 min, 3 participants    B2 individual 01/04, 45 min, Bruno Marchal

So for `site` over the first half of 2026: 3 activities, 8 accompaniments, 3.5 hours; for the whole network
over the same half-year: 5 activities, 12 accompaniments, 5.75 hours.
"""

from datetime import date

import pytest

from tremplin.activities.models import Activity
from tremplin.core.testing.factories import MembershipFactory, UserFactory
from tremplin.people.models import Beneficiary

HALF_YEAR = {"periode": "personnalisee", "du": "2026-01-01", "au": "2026-06-30"}
PERSONAL = ("Awa", "Diallo", "Bruno", "Marchal", "Camille Martin", "camille.martin@example.org")


@pytest.fixture
def data_set(site, other_site):
    mediator = UserFactory(full_name="Camille Martin", email="camille.martin@example.org")
    awa = Beneficiary.objects.create(first_name="Awa", last_name="Diallo", birth_year=1950)
    awa.sites.add(site)
    bruno = Beneficiary.objects.create(first_name="Bruno", last_name="Marchal", birth_year=1990)
    bruno.sites.add(other_site)

    def activity(where, day, kind, minutes, **fields):
        return Activity.objects.create(
            site=where,
            recorded_by=mediator,
            date=day,
            kind=kind,
            duration=minutes,
            thematiques=["email"],
            **fields,
        )

    activity(site, date(2026, 2, 10), "individuel", 60, beneficiary=awa)
    activity(site, date(2026, 3, 1), "individuel", 30)
    activity(site, date(2026, 3, 15), "collectif", 120, participant_count=6, title="Courriel")
    activity(site, date(2026, 7, 5), "individuel", 45)
    activity(other_site, date(2026, 2, 20), "collectif", 90, participant_count=3, title="Internet")
    activity(other_site, date(2026, 4, 1), "individuel", 45, beneficiary=bruno)
    return {"mediator": mediator, "awa": awa, "bruno": bruno}


@pytest.fixture
def one_site_observer(site, login):
    """A financeur whose role names one site: exact scope `site`, small-count rule applied."""
    user = UserFactory(full_name="Agnès Financeur")
    MembershipFactory(user=user, role="observer", site=site, partner=None)
    return login(user)
