"""A person's phone typed the overseas way is stored, found and compared with its real country code;
SMS is refused as the channel of a number that cannot receive one (run on SQLite and PostgreSQL)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tremplin.people.models import Beneficiary
from tremplin.people.search import search_beneficiaries
from tremplin.people.services import create_beneficiary, find_duplicates, update_beneficiary

from .factories import BeneficiaryFactory
from .test_views_create import walk_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(make_user):
    return make_user("mediator")


@pytest.fixture
def reunion_person(site):
    return BeneficiaryFactory(
        first_name="Lucie", last_name="Payet", birth_year=1980, phone="+262693123456", sites=[site]
    )


def test_a_reunion_mobile_typed_the_local_way_is_stored_with_plus_262(mediator, site):
    person = create_beneficiary(mediator, site, first_name="Lucie", last_name="Payet", phone="06 93 12 34 56")
    person.refresh_from_db()
    assert str(person.phone) == "+262693123456"


@pytest.mark.parametrize("query", ["0693 12 34 56", "06 93 12 34 56", "+262 693 12 34 56", "+33 6 93 12 34 56"])
def test_searching_the_local_form_finds_the_person_stored_with_plus_262(mediator, site, reunion_person, query):
    BeneficiaryFactory(first_name="Paul", last_name="Martin", phone="+33612345678", sites=[site])
    assert list(search_beneficiaries(mediator, query)) == [reunion_person]


def test_the_same_overseas_number_typed_locally_is_a_likely_duplicate(reunion_person):
    found = find_duplicates(first_name="Marie", last_name="Hoarau", phone="0693 12 34 56")
    assert found == [reunion_person]
    assert found[0].duplicate_reasons == ["phone"]


def test_the_walk_in_form_refuses_sms_for_a_landline_and_suggests_a_phone_call(client_as, site):
    response = client_as("mediator").post(
        reverse("people:create"), walk_in(site, phone="04 72 10 30 30", preferred_channel="sms")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "appel téléphonique" in errors["preferred_channel"][0]
    assert not Beneficiary.objects.exists()


def test_a_landline_with_a_phone_call_as_channel_is_accepted(client_as, site):
    response = client_as("mediator").post(
        reverse("people:create"), walk_in(site, phone="04 72 10 30 30", preferred_channel="phone")
    )
    assert response.status_code == 302
    assert str(Beneficiary.objects.get().phone) == "+33472103030"


def test_the_services_refuse_sms_for_a_landline_too(mediator, site):
    with pytest.raises(ValidationError) as error:
        create_beneficiary(
            mediator, site, first_name="A", last_name="B", phone="02 62 12 34 56", preferred_channel="sms"
        )
    assert "preferred_channel" in error.value.message_dict
    person = create_beneficiary(mediator, site, first_name="A", last_name="B", phone="06 93 12 34 56")
    with pytest.raises(ValidationError):
        update_beneficiary(mediator, person, phone="02 62 12 34 56")
