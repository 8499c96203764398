import pytest

from tremplin.people.services import find_duplicates

from .factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def helene(site):
    return BeneficiaryFactory(
        first_name="Hélène",
        last_name="Lefèvre",
        birth_year=1975,
        phone="+33639980001",
        email="helene.lefevre@example.org",
        sites=[site],
    )


@pytest.mark.parametrize(
    "first_name,last_name",
    [("helene", "lefevre"), ("HÉLÈNE", "LEFÈVRE"), ("Hélène", "Lefebvre"), ("Lefèvre", "Hélène"), ("Helen", "Lefevre")],
)
def test_same_name_and_birth_year_is_a_likely_duplicate_despite_accents_case_and_typos(helene, first_name, last_name):
    found = find_duplicates(first_name=first_name, last_name=last_name, birth_year=1975)
    assert found == [helene]
    assert found[0].duplicate_reasons == ["name_birth_year"]


def test_same_name_with_another_birth_year_is_not_a_duplicate(helene):
    assert find_duplicates(first_name="Hélène", last_name="Lefèvre", birth_year=1990) == []


def test_a_different_name_is_not_a_duplicate(helene):
    assert find_duplicates(first_name="Hélène", last_name="Martin", birth_year=1975) == []


@pytest.mark.parametrize("phone", ["06 39 98 00 01", "0639980001", "+33 6 39 98 00 01", "06.39.98.00.01"])
def test_same_phone_in_any_format_is_a_likely_duplicate(helene, phone):
    found = find_duplicates(first_name="Jeanne", last_name="Autre", phone=phone)
    assert found == [helene] and found[0].duplicate_reasons == ["phone"]


def test_same_email_whatever_the_case_is_a_likely_duplicate(helene):
    found = find_duplicates(first_name="X", last_name="Y", email="Helene.Lefevre@EXAMPLE.org")
    assert found[0].duplicate_reasons == ["email"]


def test_every_matching_rule_is_reported_and_strongest_match_comes_first(helene, site):
    other = BeneficiaryFactory(first_name="Paul", last_name="Durand", email="paul@example.org", sites=[site])
    found = find_duplicates(
        first_name="Helene", last_name="Lefevre", birth_year=1975, phone="0639980001", email="paul@example.org"
    )
    assert found == [helene, other]
    assert found[0].duplicate_reasons == ["name_birth_year", "phone"]
    assert len(found[0].duplicate_reason_labels) == 2


def test_merged_anonymised_and_excluded_records_are_never_reported(helene, site):
    from django.utils import timezone

    gone = BeneficiaryFactory(
        first_name="Hélène", last_name="Lefèvre", birth_year=1975, sites=[site], anonymised_at=timezone.now()
    )
    merged = BeneficiaryFactory(
        first_name="Hélène", last_name="Lefèvre", birth_year=1975, sites=[site], merged_into=helene
    )
    found = find_duplicates(first_name="Hélène", last_name="Lefèvre", birth_year=1975, exclude=helene)
    assert gone not in found and merged not in found and found == []
