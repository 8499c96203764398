import pytest
from django.urls import reverse

from tremplin.core.models import AccessLog
from tremplin.people.models import Beneficiary

from .factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


def walk_in(site, **overrides):
    data = {
        "site": site.pk,
        "origin": "walk_in",
        "first_name": "Hélène",
        "last_name": "Lefèvre",
        "birth_year": "1975",
        "phone": "06 39 98 00 01",
        "email": "",
        "preferred_channel": "sms",
        "postal_code": "69007",
        "commune": "Lyon",
        "languages": "",
        "accommodations": "",
    }
    data.update(overrides)
    return data


def test_a_mediator_creates_a_walk_in_person(client_as, site):
    response = client_as("mediator").post(reverse("people:create"), walk_in(site))
    assert response.status_code == 302, response.context["form"].errors
    person = Beneficiary.objects.get()
    assert response.status_code == 302 and response["Location"] == person.get_absolute_url()
    assert str(person.phone) == "+33639980001" and person.origin == "walk_in"
    assert AccessLog.objects.for_object(person).filter(action="create").exists()


def test_a_likely_duplicate_is_shown_and_nothing_is_created_until_confirmed(client_as, site, helene):
    client = client_as("mediator")
    response = client.post(
        reverse("people:create"),
        walk_in(site, first_name="Helene", last_name="Lefebvre", phone="", preferred_channel="referrer"),
    )
    assert response.status_code == 200
    assert "existe peut-être déjà" in response.text
    assert "Utiliser cette fiche" in response.text
    assert Beneficiary.objects.count() == 1
    response = client.post(
        reverse("people:create"),
        walk_in(
            site, first_name="Helene", last_name="Lefebvre", phone="", preferred_channel="referrer", create_anyway="on"
        ),
    )
    assert response.status_code == 302
    assert Beneficiary.objects.count() == 2


def test_bad_input_shows_messages_next_to_fields_and_saves_nothing(client_as, site):
    response = client_as("mediator").post(
        reverse("people:create"), walk_in(site, phone="06 12", email="x@", birth_year="2024", commune="Grenoble")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"phone", "email", "birth_year", "commune"}
    assert "06 12 34 56 78" in errors["phone"][0]
    assert not Beneficiary.objects.exists()


def test_a_site_without_walk_ins_refuses_a_walk_in_but_takes_a_self_referral(client_as, site):
    site.accepts_walk_ins = False
    site.save()
    client = client_as("mediator")
    response = client.post(reverse("people:create"), walk_in(site))
    assert "origin" in response.context["form"].errors
    response = client.post(reverse("people:create"), walk_in(site, origin="self_referral"))
    assert response.status_code == 302


def test_a_site_taking_nobody_directly_offers_no_creation(client_as, site):
    site.accepts_walk_ins = site.accepts_self_referrals = False
    site.save()
    assert client_as("mediator").get(reverse("people:create")).status_code == 404


def test_a_person_followed_elsewhere_is_attached_to_this_site_without_showing_contact_details(
    client_as, site, other_site
):
    elsewhere = BeneficiaryFactory(
        first_name="Hélène",
        last_name="Lefèvre",
        birth_year=1975,
        phone="+33639980001",
        email="secret@example.org",
        sites=[other_site],
    )
    client = client_as("mediator")
    response = client.post(reverse("people:create"), walk_in(site))
    assert "secret@example.org" not in response.text
    candidate = response.context["duplicates"][0]
    assert candidate.pk == elsewhere.pk and not candidate.is_visible
    response = client.post(reverse("people:attach"), {"token": candidate.attach_token})
    assert response.status_code == 302
    assert set(elsewhere.sites.all()) == {site, other_site}
    assert Beneficiary.objects.count() == 1


def test_attaching_needs_a_ticket_issued_to_this_user(client_as, make_user, login, site, other_site):
    BeneficiaryFactory(first_name="Hélène", last_name="Lefèvre", birth_year=1975, sites=[other_site])
    response = client_as("mediator").post(reverse("people:create"), walk_in(site))
    token = response.context["duplicates"][0].attach_token
    intruder = login(make_user("mediator"))
    assert intruder.post(reverse("people:attach"), {"token": token}).status_code == 404
    assert intruder.post(reverse("people:attach"), {"token": "forged"}).status_code == 404


def test_a_volunteer_cannot_create_a_person(client_as, site):
    client = client_as("volunteer")
    assert client.get(reverse("people:create")).status_code == 404
    assert client.post(reverse("people:create"), walk_in(site)).status_code == 404
    assert not Beneficiary.objects.exists()


@pytest.mark.parametrize(("channel", "field"), [("sms", "phone"), ("phone", "phone"), ("email", "email")])
def test_the_preferred_channel_needs_its_address_and_the_label_says_so(client_as, site, channel, field):
    response = client_as("mediator").post(
        reverse("people:create"), walk_in(site, phone="", email="", preferred_channel=channel)
    )

    assert response.status_code == 200 and not Beneficiary.objects.exists()
    form = response.context["form"]
    assert field in form.errors
    assert "obligatoire pour" in str(form[field].label) and "facultatif" not in str(form[field].label)


def test_a_person_reached_through_the_referrer_needs_neither_phone_nor_email(client_as, site):
    response = client_as("mediator").post(
        reverse("people:create"), walk_in(site, phone="", email="", preferred_channel="referrer")
    )

    assert response.status_code == 302
