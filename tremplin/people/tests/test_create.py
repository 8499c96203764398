from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tremplin.core.models import AccessLog
from tremplin.people.models import Beneficiary, Origin
from tremplin.people.services import attach_to_site, create_beneficiary, update_beneficiary

pytestmark = pytest.mark.django_db


def test_creating_a_walk_in_person_normalises_contact_details_and_logs_it(make_user, site):
    mediator = make_user("mediator")
    person = create_beneficiary(
        mediator,
        site,
        first_name=" Hélène ",
        last_name="Lefèvre",
        phone="06 12 34 56 78",
        email=" Helene@Example.ORG ",
        birth_year=1975,
        postal_code="69007",
        commune="lyon",
    )
    person.refresh_from_db()
    assert str(person.phone) == "+33612345678"
    assert person.email == "helene@example.org"
    assert person.first_name == "Hélène"
    assert person.search_name == "helene lefevre"
    assert person.commune == "Lyon 7e Arrondissement"
    assert list(person.sites.all()) == [site]
    assert AccessLog.objects.for_object(person).filter(action="create", actor=mediator).exists()


@pytest.mark.parametrize(
    "field,value",
    [("phone", "06 12"), ("email", "helene@"), ("birth_year", date.today().year - 5), ("birth_year", 1890)],
)
def test_bad_contact_or_birth_year_is_refused_with_a_message_on_the_field(make_user, site, field, value):
    with pytest.raises(ValidationError) as caught:
        create_beneficiary(make_user("mediator"), site, first_name="A", last_name="B", **{field: value})
    assert field in caught.value.message_dict
    assert not Beneficiary.objects.exists()


def test_postal_code_must_match_the_commune(make_user, site):
    with pytest.raises(ValidationError) as caught:
        create_beneficiary(
            make_user("mediator"), site, first_name="A", last_name="B", postal_code="69007", commune="Grenoble"
        )
    assert "Lyon 7e Arrondissement" in caught.value.message_dict["commune"][0]


def test_a_site_that_takes_no_walk_ins_refuses_them_but_accepts_referred_people(make_user, site):
    site.accepts_walk_ins = False
    site.save()
    mediator = make_user("mediator")
    with pytest.raises(ValidationError):
        create_beneficiary(mediator, site, first_name="A", last_name="B", origin=Origin.WALK_IN)
    assert create_beneficiary(mediator, site, first_name="A", last_name="B", origin=Origin.REFERRAL).pk


def test_staff_of_another_site_cannot_create_a_person_there(make_user, other_site, site):
    with pytest.raises(PermissionDenied):
        create_beneficiary(make_user("mediator", at=other_site), site, first_name="A", last_name="B")


def test_volunteers_cannot_create_a_record(make_user, site):
    with pytest.raises(PermissionDenied):
        create_beneficiary(make_user("volunteer"), site, first_name="A", last_name="B")


def test_attaching_to_a_second_site_makes_the_person_visible_there(make_user, site, other_site):
    person = create_beneficiary(make_user("mediator"), site, first_name="A", last_name="B")
    colleague = make_user("mediator", at=other_site)
    assert not Beneficiary.objects.visible_to(colleague).filter(pk=person.pk).exists()
    attach_to_site(colleague, person, other_site)
    assert Beneficiary.objects.visible_to(colleague).filter(pk=person.pk).exists()


def test_updating_contact_preferences_is_validated_and_logged(make_user, site):
    mediator = make_user("mediator")
    person = create_beneficiary(mediator, site, first_name="A", last_name="B")
    update_beneficiary(mediator, person, preferred_channel="email", email="a@example.org", phone="+33 6 39 98 00 01")
    person.refresh_from_db()
    assert person.preferred_channel == "email"
    assert str(person.phone) == "+33639980001"
    assert AccessLog.objects.for_object(person).filter(action="update").count() == 1
