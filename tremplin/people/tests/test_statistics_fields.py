"""Genre and statut social: optional, with the national Coop values, "non communiqué" by default."""

import pytest
from django.urls import reverse

from tremplin.people.models import Beneficiary
from tremplin.people.services import anonymise_beneficiary, export_beneficiary

from .factories import BeneficiaryFactory
from .test_views_create import walk_in

pytestmark = pytest.mark.django_db

COOP_GENRES = {"masculin", "feminin", "non_communique"}
COOP_STATUTS = {"scolarise", "sans_emploi", "en_emploi", "retraite", "non_communique"}


def test_the_values_are_the_national_coop_values():
    assert {value for value, _label in Beneficiary._meta.get_field("gender").choices} == COOP_GENRES
    assert {value for value, _label in Beneficiary._meta.get_field("social_status").choices} == COOP_STATUTS


def test_a_person_created_without_them_is_non_communique(client_as, site):
    response = client_as("mediator").post(reverse("people:create"), walk_in(site))
    assert response.status_code == 302
    person = Beneficiary.objects.get()
    assert (person.gender, person.social_status) == ("non_communique", "non_communique")


def test_the_reception_form_records_them(client_as, site):
    client = client_as("mediator")
    page = client.get(reverse("people:create"))
    assert 'name="gender"' in page.content.decode() and 'name="social_status"' in page.content.decode()
    client.post(reverse("people:create"), walk_in(site, gender="feminin", social_status="retraite"))
    person = Beneficiary.objects.get()
    assert (person.gender, person.social_status) == ("feminin", "retraite")


def test_the_edit_form_changes_them_and_refuses_unknown_values(client_as, site):
    person = BeneficiaryFactory(sites=[site], birth_year=1975)
    data = walk_in(site, gender="masculin", social_status="en_emploi")
    data.pop("site"), data.pop("origin")
    client = client_as("mediator")
    assert client.post(reverse("people:edit", args=[person.pk]), data).status_code == 302
    person.refresh_from_db()
    assert (person.gender, person.social_status) == ("masculin", "en_emploi")
    response = client.post(reverse("people:edit", args=[person.pk]), {**data, "gender": "autre"})
    assert response.status_code == 200 and "gender" in response.context["form"].errors
    person.refresh_from_db()
    assert person.gender == "masculin"


def test_they_are_in_the_export_and_cleared_by_anonymisation(make_user, site):
    person = BeneficiaryFactory(sites=[site], gender="feminin", social_status="sans_emploi")
    data = export_beneficiary(make_user("mediator"), person)
    assert (data["person"]["gender"], data["person"]["social_status"]) == ("Féminin", "Sans emploi")
    anonymise_beneficiary(make_user("site_manager"), person)
    person.refresh_from_db()
    assert (person.gender, person.social_status) == ("non_communique", "non_communique")
