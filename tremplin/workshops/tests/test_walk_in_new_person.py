"""A walk-in with no record yet: from the attendance sheet to the people create page and back."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from tremplin.people.models import Beneficiary
from tremplin.people.tests.factories import BeneficiaryFactory
from tremplin.people.tests.test_views_create import walk_in

from .factories import SessionFactory

LINK = "Personne non trouvée ? Créer la fiche"


@pytest.fixture
def today_session(site):
    return SessionFactory(site=site, starts_at=timezone.now() - timedelta(minutes=20), seats=3)


def sheet_url(session):
    return reverse("workshops:attendance", args=[session.pk])


def create_link(client, session):
    response = client.get(sheet_url(session))
    assert response.status_code == 200
    return response.context["create_person_url"]


def test_a_mediator_finds_a_create_link_on_the_sheet_that_comes_back_to_it(client_as, today_session, site):
    client = client_as("mediator")
    link = create_link(client, today_session)
    assert LINK in client.get(sheet_url(today_session)).content.decode()
    query = parse_qs(urlsplit(link).query)
    assert urlsplit(link).path == reverse("people:create")
    assert query == {"next": [sheet_url(today_session)], "espace": [str(site.pk)]}
    form_page = client.get(link)
    assert form_page.context["form"]["site"].value() == site.pk
    assert f'name="next" value="{sheet_url(today_session)}"' in form_page.content.decode()


def test_a_volunteer_gets_no_create_link(client_as, today_session):
    client = client_as("volunteer")
    assert create_link(client, today_session) == ""
    assert LINK not in client.get(sheet_url(today_session)).content.decode()


def test_creating_the_person_goes_back_to_the_sheet(client_as, today_session, site):
    client = client_as("mediator")
    data = walk_in(site, next=sheet_url(today_session))
    response = client.post(reverse("people:create") + f"?next={sheet_url(today_session)}", data)
    assert response.status_code == 302
    assert response["Location"] == sheet_url(today_session)
    assert Beneficiary.objects.filter(last_name="Lefèvre").exists()


def test_an_outside_next_address_is_ignored(client_as, site):
    response = client_as("mediator").post(reverse("people:create"), walk_in(site, next="https://evil.example/"))
    person = Beneficiary.objects.get(last_name="Lefèvre")
    assert response["Location"] == person.get_absolute_url()


def test_attaching_a_duplicate_from_the_sheet_goes_back_to_the_sheet(client_as, today_session, site, other_site):
    BeneficiaryFactory(first_name="Hélène", last_name="Lefèvre", birth_year=1975, sites=[other_site])
    client = client_as("mediator")
    response = client.post(reverse("people:create"), walk_in(site, next=sheet_url(today_session)))
    candidate = response.context["duplicates"][0]
    assert f'name="next" value="{sheet_url(today_session)}"' in response.content.decode()
    data = {"token": candidate.attach_token, "next": sheet_url(today_session)}
    response = client.post(reverse("people:attach"), data)
    assert response["Location"] == sheet_url(today_session)
