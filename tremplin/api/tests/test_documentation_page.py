"""The API documentation page: in the public layout, in French around Swagger UI, reachable from guessed addresses."""

import pytest
from django.urls import reverse


def test_the_documentation_page_is_french_around_swagger_ui_and_links_back(client, db):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.templates[0].name == "api/documentation.html"
    assert "public/base.html" in [t.name for t in response.templates]
    assert "n'existe qu'en anglais" in html
    assert 'href="/"' in html and "Retour à l'accueil de Tremplin" in html
    # Vendored files only, in the site's colours: no other origin for scripts or styles.
    assert "/static/api/swagger-ui-5.35.0/swagger-ui-bundle.js" in html
    assert "/static/api/documentation.css" in html
    assert "https://" not in html.split("<main", 1)[0]
    csp = response.headers["Content-Security-Policy"]
    script_src = csp.split("script-src", 1)[1].split(";")[0]
    assert "unpkg" not in csp and "cdn" not in csp and "'unsafe-inline'" not in script_src


@pytest.mark.parametrize(
    "guess",
    ["/api/", "/api/v1/", "/api/v1/docs", "/api/v1/docs/", "/api/docs", "/api/v1/doc", "/api/v1/swagger", "/api/redoc"],
)
def test_guessed_documentation_addresses_lead_to_it(client, db, guess):
    response = client.get(guess)
    assert response.status_code == 302
    assert response["Location"] == "/api/v1/documentation/"


def test_an_unknown_api_address_is_a_problem_document_for_a_program(client, db):
    response = client.get("/api/v1/nothing-here", HTTP_ACCEPT="application/json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_an_unknown_api_address_is_the_apps_404_page_in_a_browser(client, db):
    response = client.get("/api/v1/nothing-here", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Page introuvable" in html and 'href="/api/v1/documentation/"' in html


def test_the_real_api_addresses_are_not_redirected(client, db):
    assert client.get("/api/v1/sites").status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_the_page_and_the_openapi_document_explain_the_guide_without_pointing_into_the_repository(client, db):
    html = client.get(reverse("api:docs")).content.decode()
    description = client.get(reverse("api:api_v1:openapi-json")).json()["info"]["description"]

    # A partner has no access to the repository: the essentials of docs/api.md are on the page itself.
    assert "docs/" not in html and ".md" not in html
    assert "docs/" not in description and ".md" not in description
    assert reverse("api:docs") in description
    for essential in ("Authorization: Bearer", "Idempotency-Key", "application/problem+json", "next_cursor"):
        assert essential in html, essential
