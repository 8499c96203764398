"""The "Être rappelé·e" form is reachable from the public home and the agenda, for sites that take requests."""

import pytest
from django.urls import reverse

from tremplin.public.queries import site_slug
from tremplin.workshops.tests.factories import SessionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def test_the_home_links_each_site_that_takes_requests_to_its_call_back_form(client, lyon, saint_etienne):
    saint_etienne.accepts_self_referrals = False
    saint_etienne.save()

    html = client.get(reverse("core:home")).content.decode()

    assert "Vous préférez être rappelé·e ?" in html
    assert 'href="#espaces-titre"' in html
    assert f'href="{reverse("public:callback", args=[site_slug(lyon)])}"' in html
    # A site that takes no requests from the public is not offered (its page gives its phone number instead).
    assert reverse("public:callback", args=[site_slug(saint_etienne)]) not in html


def test_the_agenda_links_each_session_to_its_sites_call_back_form(client, public_session, saint_etienne):
    saint_etienne.accepts_self_referrals = False
    saint_etienne.save()
    SessionFactory(site=saint_etienne, seats=5, workshop=WorkshopFactory(title="Envoyer un courriel"))

    html = client.get(reverse("public:agenda")).content.decode()

    assert html.count(">Être rappelé·e par cet espace</a>") == 1
    assert f'href="{reverse("public:callback", args=[site_slug(public_session.site)])}"' in html
    assert reverse("public:callback", args=[site_slug(saint_etienne)]) not in html
    assert f'href="{reverse("public:sites")}#espaces-titre"' in html
