"""The people list files names as French readers do: no case, no accents, particles as typed."""

import pytest
from django.apps import apps
from django.urls import reverse

from tremplin.people.models import Beneficiary

from .factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db

# Typed as staff type them; the expected order is the alphabet read without case or accents:
# dassin, de la fontaine (under D, "de" as typed), ebert, etienne/emile (é = e), ruiz, zola.
TYPED = [
    ("Zola", "Émile"),
    ("RUIZ", "Ana"),
    ("de La Fontaine", "Jean-Pierre"),
    ("Étienne", "Marc"),
    ("ebert", "Lou"),
    ("Dassin", "Joe"),
]
EXPECTED = ["Dassin", "de La Fontaine", "ebert", "Étienne", "RUIZ", "Zola"]


def listed_last_names(response):
    return [person.last_name for person in response.context["page"]]


def test_the_list_sorts_names_without_case_or_accents(client_as, site):
    for last_name, first_name in TYPED:
        BeneficiaryFactory(last_name=last_name, first_name=first_name, sites=[site])

    response = client_as("mediator").get(reverse("people:list"))

    assert listed_last_names(response) == EXPECTED


def test_first_names_break_ties_without_case_or_accents(client_as, site):
    for first_name in ("zoé", "Élodie", "ANNE", "bruno"):
        BeneficiaryFactory(last_name="Martin", first_name=first_name, sites=[site])

    response = client_as("mediator").get(reverse("people:list"))

    assert [person.first_name for person in response.context["page"]] == ["ANNE", "bruno", "Élodie", "zoé"]


def test_keyset_pages_follow_the_same_order(client_as, site):
    # Mixed case and accents; read without them the names run from "a" to "l".
    for name in ["b", "A", "É", "d", "C", "f", "Ï", "h", "G", "j", "K", "l"]:
        BeneficiaryFactory(last_name=f"{name}name", first_name="x", sites=[site])
    client = client_as("mediator")
    url = reverse("people:list")

    after = Beneficiary.objects.get(last_name="Aname").pk
    response = client.get(f"{url}?apres={after}")
    assert response.context["page"].keyset
    expected = [f"{n}name" for n in ["b", "C", "d", "É", "f", "G", "h", "Ï", "j", "K", "l"]]
    assert listed_last_names(response) == expected

    before = Beneficiary.objects.get(last_name="dname").pk
    response = client.get(f"{url}?avant={before}")
    assert listed_last_names(response) == ["Aname", "bname", "Cname"]


def test_the_sort_keys_follow_a_renaming_saved_with_update_fields(site):
    person = BeneficiaryFactory(last_name="Zola", first_name="Émile", sites=[site])
    person.last_name = "de Balzac"
    person.save(update_fields=["last_name"])

    person.refresh_from_db()
    assert (person.sort_last_name, person.sort_first_name) == ("de balzac", "emile")
    assert person.search_name.startswith("emile de balzac")


def test_the_migration_fills_the_sort_keys_of_existing_records(site):
    from importlib import import_module

    person = BeneficiaryFactory(last_name="DE LA FONTAINE", first_name="Jean-Pierre", sites=[site])
    Beneficiary.objects.filter(pk=person.pk).update(sort_last_name="", sort_first_name="")

    import_module("tremplin.people.migrations.0013_beneficiary_sort_keys").fill_sort_keys(apps, None)

    person.refresh_from_db()
    assert (person.sort_last_name, person.sort_first_name) == ("de la fontaine", "jean pierre")
