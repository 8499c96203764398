"""Error pages speak French, keep the layout, and a refusal reads the same as a missing page."""

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from .production import run_python


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


@pytest.mark.parametrize(
    ("template", "title"),
    [("400.html", "Demande incorrecte"), ("403_csrf.html", "Formulaire expiré"), ("500.html", "Erreur du serveur")],
)
def test_error_pages_rendered_without_a_request_are_french_and_self_contained(template, title):
    content = render_to_string(template)

    assert f"<title>{title} · Tremplin</title>" in content
    assert "!!INVALID" not in content


def test_a_refusal_raised_by_a_page_gets_the_french_forbidden_page_in_the_layout(rf, make_user):
    mediator = make_user("mediator")
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/")
    request.user = mediator
    response = permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    assert "<title>Accès refusé · Tremplin</title>" in response.content.decode()


def test_a_form_posted_without_its_security_token_gets_a_french_explanation(make_user):
    mediator = make_user("mediator")
    client = Client(enforce_csrf_checks=True)
    client.force_login(mediator, backend="allauth.account.auth_backends.AuthenticationBackend")

    response = client.post(reverse("accounts:profile"), {})

    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()


def test_static_files_are_served_by_the_app_with_debug_off(client):
    assert settings.DEBUG is False
    response = client.get("/static/css/tremplin.css")

    assert response.status_code == 200


def test_debug_is_an_explicit_opt_in_outside_production():
    show = "import tremplin.settings as s; print(s.DEBUG)"
    assert run_python("-c", show, TREMPLIN_ENV="development").stdout.split() == ["False"]
    assert run_python("-c", show, TREMPLIN_ENV="development", TREMPLIN_DEBUG="1").stdout.split() == ["True"]


def test_the_site_address_follows_the_port_the_demo_runs_on():
    show = "import tremplin.settings as s; print(s.SITE_URL)"
    result = run_python("-c", show, TREMPLIN_ENV="development", PORT="8123", without=["SITE_URL"])

    assert result.stdout.split() == ["http://127.0.0.1:8123"]


def test_production_refuses_to_start_without_the_site_address():
    result = run_python("-c", "import tremplin.settings", without=["SITE_URL"])

    assert result.returncode != 0
    assert "SITE_URL must be set in production" in result.stderr
