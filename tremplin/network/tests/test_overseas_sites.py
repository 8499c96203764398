"""Sites and partners overseas: their landlines are accepted and sites live in their own time zone.

Zones are the tz database's names for each département (971 Guadeloupe … 976 Mayotte).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tremplin.core.testing.factories import SiteFactory
from tremplin.network.models import PartnerOrganisation, Site
from tremplin.network.timezones import site_today, time_zone_for_postal_code

from .test_partner_forms import partner_data
from .test_site_forms import site_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client_as):
    return client_as("network_admin")


def test_a_reunion_site_with_a_reunion_landline_is_created_in_the_reunion_time_zone(admin_client):
    response = admin_client.post(
        reverse("network:site_create"),
        site_data(
            code="SD", postal_code="97400", commune="Saint-Denis", phone="02 62 12 34 56", latitude="", longitude=""
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    site = Site.objects.get(code="SD")
    assert site.phone.as_e164 == "+262262123456"
    assert site.time_zone == "Indian/Reunion"
    page = admin_client.get(site.get_absolute_url())
    assert "Indian/Reunion" in page.content.decode()


def test_a_guadeloupe_partner_landline_is_accepted(admin_client):
    response = admin_client.post(
        reverse("network:partner_create"),
        partner_data(
            name="CCAS de Pointe-à-Pitre", postal_code="97110", commune="Pointe-à-Pitre", contact_phone="05 90 12 34 56"
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert PartnerOrganisation.objects.get(name="CCAS de Pointe-à-Pitre").contact_phone.as_e164 == "+590590123456"


def test_the_national_team_can_choose_another_time_zone(admin_client, site):
    data = site_data(code=site.code, time_zone="America/Martinique")
    response = admin_client.post(reverse("network:site_edit", args=[site.pk]), data)
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.time_zone == "America/Martinique"


@pytest.mark.parametrize(
    ("postal_code", "zone"),
    [
        ("97110", "America/Guadeloupe"),
        ("97133", "America/Guadeloupe"),  # Saint-Barthélemy
        ("97150", "America/Guadeloupe"),  # Saint-Martin
        ("97200", "America/Martinique"),
        ("97300", "America/Cayenne"),
        ("97400", "Indian/Reunion"),
        ("97500", "America/Miquelon"),
        ("97600", "Indian/Mayotte"),
        ("69007", "Europe/Paris"),
        ("20000", "Europe/Paris"),  # Corse
    ],
)
def test_the_default_time_zone_comes_from_the_departement(postal_code, zone):
    assert time_zone_for_postal_code(postal_code) == zone
    assert SiteFactory(postal_code=postal_code).time_zone == zone


def test_today_at_a_site_is_its_local_date():
    pointe_a_pitre = SiteFactory(postal_code="97110")
    paris = SiteFactory(postal_code="75011")
    # 1 March 2027, 02:00 in Paris (UTC+1) = 28 February, 21:00 in Guadeloupe (UTC-4).
    moment = datetime(2027, 3, 1, 1, 0, tzinfo=ZoneInfo("UTC"))
    assert str(site_today(paris, moment)) == "2027-03-01"
    assert str(site_today(pointe_a_pitre, moment)) == "2027-02-28"


def test_staff_of_an_overseas_site_see_times_in_their_zone_on_every_page(make_user, rf):
    from django.http import HttpResponse
    from django.utils import timezone

    from tremplin.network.timezones import SiteTimeZoneMiddleware

    middleware = SiteTimeZoneMiddleware(lambda request: HttpResponse(timezone.get_current_timezone_name()))
    request = rf.get("/")
    request.user = make_user("mediator", at=SiteFactory(postal_code="97110"))
    assert middleware(request).content == b"America/Guadeloupe"
    request.user = make_user("network_admin")
    assert middleware(request).content == b"Europe/Paris"
