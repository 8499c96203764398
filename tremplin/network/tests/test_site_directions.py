"""How to get to a site ("comment venir"): typed by the national team, shown on the site page."""

from django.urls import reverse

from tremplin.network.models import Site
from tremplin.network.tests.test_site_forms import site_data

DIRECTIONS = "Tram T1, arrêt Saxe-Gambetta. Sonnette « Tremplin »."


def test_the_national_team_types_how_to_get_to_a_site_and_staff_read_it_on_the_site_page(client_as, site):
    admin = client_as("network_admin")
    response = admin.post(
        reverse("network:site_edit", args=[site.pk]), site_data(code=site.code, directions=DIRECTIONS)
    )
    assert response.status_code == 302
    assert Site.objects.get(pk=site.pk).directions == DIRECTIONS
    page = client_as("mediator", at=site).get(reverse("network:site_detail", args=[site.pk]))
    assert "Comment venir" in page.content.decode()
    assert "Tram T1, arrêt Saxe-Gambetta" in page.content.decode()


def test_directions_are_optional(client_as, site):
    response = client_as("network_admin").post(
        reverse("network:site_edit", args=[site.pk]), site_data(code=site.code, directions="")
    )
    assert response.status_code == 302
    assert Site.objects.get(pk=site.pk).directions == ""


def test_the_site_form_offers_the_directions_field(client_as, site):
    response = client_as("network_admin").get(reverse("network:site_edit", args=[site.pk]))
    assert 'name="directions"' in response.content.decode()
