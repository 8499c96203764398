"""Anonymous participants of a collective activity counted per Coop age band, so age totals add up."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tremplin.activities import choices
from tremplin.activities.models import Activity

URL = reverse("activities:quick_entry")
pytestmark = pytest.mark.django_db


def collective(quick_data, **extra):
    data = {**quick_data, "kind": "collectif", "autonomy": "", "title": "Atelier courriel", "participant_count": "8"}
    data["date"] = timezone.localdate().isoformat()
    return {**data, **extra}


def test_the_bands_are_the_coop_age_bands():
    assert [value for value, _label in choices.age_band_choices()] == [
        "moins_de_douze",
        "douze_dix_huit",
        "dix_huit_vingt_quatre",
        "vingt_cinq_trente_neuf",
        "quarante_cinquante_neuf",
        "soixante_soixante_neuf",
        "soixante_dix_plus",
        "non_communique",
    ]


def test_quick_entry_records_headcounts_per_band(client_as, quick_data):
    data = collective(quick_data, anonymous_soixante_dix_plus="3", anonymous_quarante_cinquante_neuf="2")
    response = client_as("mediator").post(URL, data)
    assert response.status_code == 302, response.context["form"].errors
    activity = Activity.objects.get()
    assert activity.anonymous_age_bands == {"quarante_cinquante_neuf": 2, "soixante_dix_plus": 3}
    assert activity.anonymous_headcount == 5 and activity.participant_count == 8


def test_more_people_in_the_bands_than_participants_is_refused(client_as, quick_data):
    data = collective(quick_data, participant_count="4", anonymous_soixante_dix_plus="3", anonymous_douze_dix_huit="2")
    response = client_as("mediator").post(URL, data)
    assert response.status_code == 200
    assert "dépasse le nombre de participants" in str(response.context["form"].errors["participant_count"])
    assert not Activity.objects.exists()


def test_an_individual_activity_keeps_no_headcount(client_as, quick_data):
    data = {**quick_data, "date": timezone.localdate().isoformat(), "anonymous_soixante_dix_plus": "3"}
    assert client_as("mediator").post(URL, data).status_code == 302
    assert Activity.objects.get().anonymous_age_bands == {}


def test_the_model_refuses_unknown_bands_and_negative_counts(site, make_user):
    activity = Activity(
        site=site,
        recorded_by=make_user("mediator"),
        date=timezone.localdate(),
        kind="collectif",
        duration=60,
        thematiques=["email"],
        participant_count=5,
    )
    for bad in ({"trente_ans": 1}, {"soixante_dix_plus": -1}, {"soixante_dix_plus": "2"}):
        activity.anonymous_age_bands = bad
        with pytest.raises(ValidationError):
            activity.full_clean()
    activity.anonymous_age_bands = {"soixante_dix_plus": 5}
    activity.full_clean()


def test_named_participants_and_headcounts_together_stay_within_the_count(site, make_user, make_person):
    activity = Activity.objects.create(
        site=site,
        recorded_by=make_user("mediator"),
        date=timezone.localdate(),
        kind="collectif",
        duration=60,
        thematiques=["email"],
        participant_count=3,
    )
    activity.participants.set([make_person(), make_person(first_name="Léa")])
    activity.anonymous_age_bands = {"soixante_dix_plus": 1}
    activity.full_clean()  # 2 named + 1 counted = 3
    activity.anonymous_age_bands = {"soixante_dix_plus": 2}
    with pytest.raises(ValidationError):
        activity.full_clean()
