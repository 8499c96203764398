"""CSRF on every form, and no state change on GET."""

import pytest
from django.apps import apps
from django.test import Client

from tremplin.core.models import AccessLog
from tremplin.core.tests.test_access_control import SAMPLE_ARGS, all_routes, concrete_path


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def admin(make_user):
    return make_user("network_admin")


@pytest.mark.parametrize(
    "path,data",
    [
        (
            "/equipe/comptes/inviter/",
            {"full_name": "Nina Test", "email": "nina@test.tremplin.example", "role": "mediator"},
        ),
        ("/reseau/espaces/nouveau/", {"name": "Espace sans jeton"}),
        ("/comptes/logout/", {}),
    ],
)
def test_a_post_without_csrf_token_is_refused(csrf_client, admin, path, data):
    csrf_client.force_login(admin, backend="allauth.account.auth_backends.AuthenticationBackend")
    response = csrf_client.post(path, data)
    assert response.status_code == 403
    assert "_auth_user_id" in csrf_client.session, "the refused logout left the session open"


def test_the_login_form_also_needs_its_csrf_token(csrf_client, admin):
    response = csrf_client.post("/comptes/login/", {"login": admin.email, "password": "peu importe"})
    assert response.status_code == 403
    assert "Jeton de sécurité" in response.content.decode()


def test_a_post_with_the_form_token_is_accepted(csrf_client, admin):
    csrf_client.force_login(admin, backend="allauth.account.auth_backends.AuthenticationBackend")
    csrf_client.get("/equipe/comptes/inviter/")
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post("/comptes/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


# Rows that a GET may legitimately write: sessions, and the access log (reads of records are logged).
COUNTED_EXCLUDED = {"sessions.session", "usersessions.usersession", AccessLog._meta.label_lower}


def row_counts():
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in COUNTED_EXCLUDED
    }


def test_no_page_changes_data_on_get(admin, login, site, partner):
    client = login(admin)
    client.raise_request_exception = False
    client.get("/")
    before = row_counts()
    server_errors = []
    for route, name in all_routes():
        # Real ids where the URL takes one, so detail pages render instead of answering 404.
        path = concrete_path(route).replace("999999", str(site.pk)).replace(SAMPLE_ARGS["uuid"], str(admin.uuid))
        if name in {"account_logout"}:
            continue  # GET shows a confirmation form; tested in test_sessions
        response = client.get(path)
        if response.status_code >= 500:
            server_errors.append(f"{name} {path}")
    after = row_counts()
    changed = {label: (before[label], after[label]) for label in before if before[label] != after[label]}
    assert not changed, f"GET requests changed rows: {changed}"
    assert not server_errors, f"GET answered 500: {server_errors}"
