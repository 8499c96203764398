"""Names as people really write them: letters of every alphabet, particles, spacing, a birth name.

Search runs on SQLite (portable fallback) and PostgreSQL (pg_trgm): run this file on both.
"""

import importlib
import json

import pytest
from django.apps import apps
from django.urls import reverse

from tremplin.people.models import Beneficiary
from tremplin.people.names import same_person, search_key
from tremplin.people.search import search_beneficiaries
from tremplin.people.services import (
    anonymise_beneficiary,
    export_beneficiary,
    find_duplicates,
    merge_beneficiaries,
    update_beneficiary,
)

from .factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(make_user):
    return make_user("mediator")


# --- Folding must not lose letters (issue 8, §5) ---


@pytest.mark.parametrize(
    "first_name,last_name,query",
    [
        ("Søren", "Larsen", "soren"),
        ("Søren", "Larsen", "Søren Larsen"),
        ("Æsa", "Berg", "aesa"),
        ("Lœtitia", "Cœur", "loetitia coeur"),
        ("Günther", "Großmann", "grossmann"),
        ("Ayşe", "Yıldız", "yildiz"),
        ("Luka", "Đurić", "duric"),
        ("Łukasz", "Wałęsa", "lukasz walesa"),
        ("Þóra", "Jónsdóttir", "thora"),
        ("Иван", "Петров", "ivan petrov"),
        ("Иван", "Петров", "Петров"),
        ("Γιώργος", "Παπαδόπουλος", "giorgos"),
        ("محمد", "علي", "mhmd"),
    ],
)
def test_letters_without_a_decomposition_and_other_alphabets_are_found(mediator, site, first_name, last_name, query):
    person = BeneficiaryFactory(first_name=first_name, last_name=last_name, sites=[site])
    BeneficiaryFactory(first_name="Paul", last_name="Martin", sites=[site])
    assert list(search_beneficiaries(mediator, query)) == [person]


def test_the_data_migration_rebuilds_keys_stored_by_the_old_fold(mediator, site):
    soren = BeneficiaryFactory(first_name="Søren", last_name="Larsen", sites=[site])
    Beneficiary.objects.filter(pk=soren.pk).update(search_name="s ren larsen")  # as the old fold stored it
    assert list(search_beneficiaries(mediator, "soren")) == []
    migration = importlib.import_module("tremplin.people.migrations.0008_rebuild_search_names")
    migration.rebuild_search_names(apps, None)
    assert Beneficiary.objects.get(pk=soren.pk).search_name == "soren larsen"
    assert list(search_beneficiaries(mediator, "soren")) == [soren]


# --- Duplicates as names really vary (issue 8, §6) ---


def test_jean_le_goff_is_flagged_when_jean_legoff_of_the_same_year_is_created(site):
    le_goff = BeneficiaryFactory(first_name="Jean", last_name="Le Goff", birth_year=1985, sites=[site])
    found = find_duplicates(first_name="Jean", last_name="Legoff", birth_year=1985)
    assert found == [le_goff] and found[0].duplicate_reasons == ["name_birth_year"]


@pytest.mark.parametrize("query", ["legoff", "Legoff", "le goff", "Le-Goff", "jean legoff", "LEGOFF Jean"])
def test_legoff_finds_jean_le_goff_however_it_is_spaced(mediator, site, query):
    le_goff = BeneficiaryFactory(first_name="Jean", last_name="Le Goff", birth_year=1985, sites=[site])
    BeneficiaryFactory(first_name="Jeanne", last_name="Goffin", sites=[site])
    BeneficiaryFactory(first_name="Marc", last_name="Legrand", sites=[site])
    assert list(search_beneficiaries(mediator, query)) == [le_goff]


@pytest.mark.parametrize("query", ["le goff", "Le Goff", "legoff"])
def test_le_goff_finds_jean_legoff_written_in_one_word(mediator, site, query):
    legoff = BeneficiaryFactory(first_name="Jean", last_name="Legoff", sites=[site])
    assert list(search_beneficiaries(mediator, query)) == [legoff]


@pytest.mark.parametrize(
    "existing,typed",
    [
        (("Jean", "Le Goff"), ("Jean", "Legoff")),
        (("Jean", "Legoff"), ("Jean", "Le-Goff")),
        (("Fatou", "N'Diaye"), ("Fatou", "Ndiaye")),
        (("Fatou", "N’Diaye"), ("Fatou", "N Diaye")),
        (("Pierre", "D'Artagnan"), ("Pierre", "Dartagnan")),
        (("Jeanne", "de La Fontaine"), ("Jeanne", "Delafontaine")),
        (("Jeanne", "de La Fontaine"), ("Jeanne", "Fontaine")),
        (("Kees", "van der Berg"), ("Kees", "Vanderberg")),
        (("Karim", "Ben Salah"), ("Karim", "Bensalah")),
        (("Mohamed", "Ould Abdallah"), ("Mohamed", "Abdallah")),
        (("Youssef", "Al-Hassan"), ("Youssef", "Alhassan")),
        (("Jean-Pierre", "Martin"), ("Jeanpierre", "Martin")),
        (("Jean-Pierre", "Martin"), ("Jean Pierre", "Martin")),
        (("Søren", "Larsen"), ("Soren", "Larsen")),
        (("Hélène", "Lefèvre"), ("Lefebvre", "Helene")),
    ],
)
def test_names_written_with_or_without_spaces_hyphens_apostrophes_or_particles_are_likely_duplicates(
    site, existing, typed
):
    person = BeneficiaryFactory(first_name=existing[0], last_name=existing[1], birth_year=1985, sites=[site])
    assert find_duplicates(first_name=typed[0], last_name=typed[1], birth_year=1985) == [person]


@pytest.mark.parametrize(
    "existing,typed",
    [
        (("Jean", "Le Goff"), ("Jean", "Le Gall")),
        (("Jean", "Legoff"), ("Jeanne", "Legrand")),
        (("Karim", "Ben Salah"), ("Karim", "Ben Ali")),
        (("Jean", "Martin"), ("Paul", "Martin")),
    ],
)
def test_different_people_are_not_likely_duplicates(site, existing, typed):
    BeneficiaryFactory(first_name=existing[0], last_name=existing[1], birth_year=1985, sites=[site])
    assert find_duplicates(first_name=typed[0], last_name=typed[1], birth_year=1985) == []


def test_same_person_compares_usage_and_birth_names_of_both_sides():
    assert same_person(("Marie", "Dupont", "Kerbrat"), ("Marie", "Kerbrat", ""))
    assert same_person(("Marie", "Kerbrat", ""), ("Marie", "Dupont", "Kerbrat"))
    assert same_person(("Marie", "Martin", "Le Goff"), ("Marie", "Legoff", "Durand"))
    assert not same_person(("Marie", "Dupont", "Kerbrat"), ("Marie", "Martin", "Durand"))


def test_a_married_name_record_is_flagged_when_the_birth_name_is_typed(site):
    marie = BeneficiaryFactory(
        first_name="Marie", last_name="Dupont", birth_name="Kerbrat", birth_year=1980, sites=[site]
    )
    assert find_duplicates(first_name="Marie", last_name="Kerbrat", birth_year=1980) == [marie]
    assert find_duplicates(first_name="Marie", last_name="Durand", birth_name="Dupont", birth_year=1980) == [marie]


def test_search_finds_a_person_by_usage_name_or_birth_name(mediator, site):
    marie = BeneficiaryFactory(first_name="Marie", last_name="Dupont", birth_name="Le Goff", sites=[site])
    BeneficiaryFactory(first_name="Marie", last_name="Durand", sites=[site])
    for query in ("dupont", "le goff", "legoff", "marie legoff", "Marie Dupont"):
        assert list(search_beneficiaries(mediator, query)) == [marie], query


def test_the_search_key_holds_every_word_and_each_name_written_as_one_word():
    assert search_key("Jean-Pierre", "Le Goff", "Kerbrat") == "jean pierre le goff kerbrat jeanpierre legoff"
    assert search_key("", "", "") == ""


def test_a_key_longer_than_the_column_is_cut_to_it():
    width = Beneficiary._meta.get_field("search_name").max_length
    assert len(search_key("Jean " * 20, "Martin " * 14, "Durand " * 14)) <= width
    # One word longer than the column: 100 Han characters transliterate to 600 letters and more.
    key = search_key("小龍", "莊" * 100)
    assert len(key) == width and key.startswith("xiaolong zhuangzhuang")


def test_a_name_in_han_characters_saves_and_is_found(mediator, site):
    person = BeneficiaryFactory(first_name="小龍", last_name="莊" * 100, sites=[site])
    assert list(search_beneficiaries(mediator, "xiaolong zhuang")) == [person]


# --- The birth name through the forms, the person page, merge, export and anonymisation ---


def test_the_walk_in_form_records_the_birth_name_and_flags_it_as_a_duplicate(client_as, site):
    marie = BeneficiaryFactory(first_name="Marie", last_name="Kerbrat", birth_year=1980, sites=[site])
    data = {
        "site": site.pk,
        "origin": "walk_in",
        "first_name": "Marie",
        "last_name": "Dupont",
        "birth_name": "Kerbrat",
        "birth_year": "1980",
        "preferred_channel": "phone",
        "phone": "04 72 10 30 30",  # a call needs a number (people.validation.check_channel)
    }
    client = client_as("mediator")
    response = client.post(reverse("people:create"), data)
    assert response.status_code == 200 and "existe peut-être déjà" in response.text
    assert list(Beneficiary.objects.all()) == [marie]
    response = client.post(reverse("people:create"), {**data, "create_anyway": "on"})
    assert response.status_code == 302
    assert Beneficiary.objects.get(last_name="Dupont").birth_name == "Kerbrat"


def test_the_edit_form_changes_the_birth_name_and_the_person_page_shows_it(client_as, site):
    marie = BeneficiaryFactory(first_name="Marie", last_name="Dupont", birth_year=1980, sites=[site])
    client = client_as("mediator")
    form = client.get(reverse("people:edit", args=[marie.pk]))
    assert 'name="birth_name"' in form.text
    response = client.post(
        reverse("people:edit", args=[marie.pk]),
        {
            "first_name": "Marie",
            "last_name": "Dupont",
            "birth_name": "  Le   Goff ",
            "preferred_channel": "phone",
            "phone": "04 72 10 30 30",
        },
    )
    assert response.status_code == 302
    marie.refresh_from_db()
    assert marie.birth_name == "Le Goff" and "legoff" in marie.search_name.split()
    page = client.get(marie.get_absolute_url())
    assert "Nom de naissance" in page.text and "Le Goff" in page.text


def test_merging_fills_a_missing_birth_name(make_user, site):
    keep = BeneficiaryFactory(first_name="Marie", last_name="Dupont", sites=[site])
    remove = BeneficiaryFactory(first_name="Marie", last_name="Dupont", birth_name="Kerbrat", sites=[site])
    merge_beneficiaries(make_user("site_manager"), keep, remove)
    keep.refresh_from_db()
    assert keep.birth_name == "Kerbrat" and "kerbrat" in keep.search_name.split()


def test_export_includes_the_birth_name_and_anonymisation_blanks_it(make_user, site):
    marie = BeneficiaryFactory(first_name="Marie", last_name="Dupont", birth_name="Kerbrat", sites=[site])
    manager = make_user("site_manager")
    data = export_beneficiary(manager, marie)
    assert json.loads(json.dumps(data))["person"]["birth_name"] == "Kerbrat"
    anonymise_beneficiary(manager, marie, reason="demande de la personne")
    marie.refresh_from_db()
    assert (marie.birth_name, marie.search_name) == ("", "")
    assert list(search_beneficiaries(make_user("mediator"), "kerbrat")) == []


def test_the_service_cleans_spaces_of_the_birth_name_and_accepts_it_blank(make_user, site):
    marie = BeneficiaryFactory(first_name="Marie", last_name="Dupont", birth_name="Kerbrat", sites=[site])
    update_beneficiary(make_user("mediator"), marie, birth_name="   ")
    marie.refresh_from_db()
    assert marie.birth_name == "" and marie.search_name == "marie dupont"
