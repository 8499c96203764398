"""Each card of the public directory shows the site's phone the French way, as a tel: link (E.164 in the link,
so it dials from abroad and overseas too); a site without a phone shows no line."""

import pytest
from django.urls import reverse

from tremplin.core.testing.factories import SiteFactory

pytestmark = pytest.mark.django_db


def cards(client, **query):
    return client.get(reverse("public:sites"), query).content.decode()


def test_a_card_shows_the_sites_phone_in_french_format_with_a_tel_link(client, lyon, saint_etienne):
    for page in (cards(client), cards(client, ou="69007"), client.get("/").content.decode()):
        assert '<a href="tel:+33478000001">Appeler le 04 78 00 00 01</a>' in page
        assert page.count("Appeler le") == 1  # Saint-Étienne has no phone: no empty line


def test_an_overseas_sites_phone_keeps_its_own_area_code(client):
    SiteFactory(
        name="Espace Saint-Denis",
        code="SDR",
        postal_code="97400",
        commune="Saint-Denis",
        insee_code="97411",
        latitude="-20.882100",
        longitude="55.450800",
        phone="+262262123456",
    )
    assert '<a href="tel:+262262123456">Appeler le 0262 12 34 56</a>' in cards(client)
