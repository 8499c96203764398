import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["network_admin", "site_manager", "observer"])
def test_dashboard_opens_for_stats_roles(client_as, role):
    response = client_as(role).get(reverse("stats:dashboard"))
    assert response.status_code == 200
    assert "Activités" in response.text


@pytest.mark.parametrize("role", ["mediator", "volunteer", "referrer"])
def test_dashboard_is_404_for_other_roles(client_as, role):
    assert client_as(role).get(reverse("stats:dashboard")).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "periode=inconnue",
        "periode=personnalisee&du=2026-13-01&au=2026-12-31",
        "periode=personnalisee&du=2026-12-31&au=2026-01-01",
        "periode=personnalisee&du=&au=",
        "espace=²",
        "thematique=rien",
        "type=demarche",
        "periode=personnalisee&du=1900-01-01&au=2026-01-01",
    ],
)
def test_bad_filters_give_a_french_message_not_a_500(client_as, query):
    response = client_as("network_admin").get(reverse("stats:dashboard") + "?" + query)
    assert response.status_code == 200
    assert "error-summary" in response.text
