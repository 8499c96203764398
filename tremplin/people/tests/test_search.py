"""Search runs on SQLite (portable fallback) and PostgreSQL (pg_trgm): run this file on both."""

import pytest

from tremplin.people import search as search_module
from tremplin.people.search import register_code_lookup, search_beneficiaries

from .factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(make_user):
    return make_user("mediator")


@pytest.fixture
def helene(site):
    return BeneficiaryFactory(
        first_name="Hélène", last_name="Lefèvre", phone="+33612345678", email="helene@example.org", sites=[site]
    )


@pytest.fixture
def others(site):
    return [
        BeneficiaryFactory(first_name="Paul", last_name="Martin", sites=[site]),
        BeneficiaryFactory(first_name="Hélène", last_name="Dupont", sites=[site]),
        BeneficiaryFactory(first_name="Marc", last_name="Lefort", sites=[site]),
    ]


@pytest.mark.parametrize(
    "query",
    ["helene lefevre", "Hélène Lefebvre", "HELENE LEFEVRE", "lefevre", "Lefèvre Hélène", "hel lef", "Helenne Lefevre"],
)
def test_names_are_found_whatever_the_accents_case_order_or_a_small_typo(mediator, helene, others, query):
    assert list(search_beneficiaries(mediator, query)) == [helene]


@pytest.mark.parametrize("query", ["06 12 34 56 78", "0612345678", "+33 6 12 34 56 78", "06.12.34.56.78"])
def test_phone_numbers_are_found_in_any_common_format(mediator, helene, others, query):
    assert list(search_beneficiaries(mediator, query)) == [helene]


def test_email_is_found_whatever_the_case(mediator, helene, others):
    assert list(search_beneficiaries(mediator, "Helene@Example.org")) == [helene]


def test_a_first_name_alone_lists_every_person_with_it(mediator, helene, others):
    assert set(search_beneficiaries(mediator, "helene")) == {helene, others[1]}


def test_an_unknown_name_finds_nobody(mediator, helene, others):
    assert list(search_beneficiaries(mediator, "Zébulon Quatrepoint")) == []


def test_search_never_reaches_people_of_another_site(make_user, other_site, helene):
    assert list(search_beneficiaries(make_user("mediator", at=other_site), "lefevre")) == []


def test_observers_and_referrers_find_nobody(make_user, helene):
    assert list(search_beneficiaries(make_user("observer"), "lefevre")) == []
    assert list(search_beneficiaries(make_user("referrer"), "lefevre")) == []


def test_a_registered_code_lookup_finds_the_person_from_a_voucher_code(mediator, helene, others, monkeypatch):
    monkeypatch.setattr(search_module, "_code_lookups", [])
    register_code_lookup(lambda code, user: helene if code == "LY-7K3P9Q" else None)
    assert list(search_beneficiaries(mediator, "LY-7K3P9Q")) == [helene]
    assert list(search_beneficiaries(mediator, "LY-0000")) == []


def test_a_code_for_a_merged_record_answers_with_the_kept_record(mediator, helene, site, monkeypatch):
    old = BeneficiaryFactory(first_name="H", last_name="L", sites=[site], merged_into=helene)
    monkeypatch.setattr(search_module, "_code_lookups", [])
    register_code_lookup(lambda code, user: old)
    assert list(search_beneficiaries(mediator, "AB12CD")) == [helene]


@pytest.mark.parametrize("query", ["helene", "lefevre", "helene lefevre", "hélène lefebvre", "hel", "marc"])
def test_a_name_search_gives_the_same_people_in_the_same_order_whether_its_matches_are_read_first_or_not(
    mediator, helene, others, site, query, monkeypatch
):
    """PostgreSQL reads a name search's ids first when they are few (MAX_MATCH_IDS), else searches as the list
    reads; both give the same rows in the same order (score, then the lists' order)."""
    BeneficiaryFactory(first_name="Hélène", last_name="Lefèvre", sites=[site])  # a namesake: same score
    BeneficiaryFactory(first_name="Helen", last_name="Lefebvre", sites=[site])
    read_first = list(search_beneficiaries(mediator, query))
    monkeypatch.setattr(search_module, "MAX_MATCH_IDS", 0)
    searched = list(search_beneficiaries(mediator, query))
    assert read_first == searched and read_first
