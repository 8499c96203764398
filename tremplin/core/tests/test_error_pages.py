"""Error pages speak French, keep the layout, and a refusal reads the same as a missing page."""

from django.template.loader import render_to_string
from django.urls import reverse


def test_an_unknown_address_gets_the_french_not_found_page_in_the_layout(client_as):
    response = client_as("mediator").get("/page-qui-n-existe-pas/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "<title>Page introuvable · Tremplin</title>" in content
    assert 'aria-label="Navigation principale"' in content


def test_a_refused_page_looks_exactly_like_a_missing_one(client_as):
    client = client_as("volunteer")

    refused = client.get(reverse("network:site_create"))
    missing = client.get("/reseau/espaces/999999/")

    assert refused.status_code == missing.status_code == 404
    assert [t.name for t in refused.templates][:1] == [t.name for t in missing.templates][:1] == ["404.html"]


def test_the_server_error_page_needs_no_request_context():
    content = render_to_string("500.html")

    assert "Erreur du serveur" in content
    assert "!!INVALID" not in content
