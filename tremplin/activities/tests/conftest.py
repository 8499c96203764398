import pytest

from tremplin.people.models import Beneficiary


@pytest.fixture
def make_person(site):
    def factory(*, at=None, **fields):
        fields.setdefault("first_name", "Awa")
        fields.setdefault("last_name", "Diallo")
        person = Beneficiary.objects.create(**fields)
        person.sites.add(at or site)
        return person

    return factory


@pytest.fixture
def quick_data(site):
    """A valid quick entry, as the browser would post it."""
    return {
        "site": site.pk,
        "kind": "individuel",
        "date": "",
        "duration_choice": "30",
        "thematiques": ["email", "navigation_sur_internet"],
        "equipment": ["telephone"],
        "autonomy": "partiellement_autonome",
        "place": "lieu_activite",
        "participant_count": "1",
    }
