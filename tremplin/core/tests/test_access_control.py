"""Access denied by default: every URL answers anonymous users with a redirect to login."""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Views that must answer without an account (login, password reset, invitations, language, health).
PUBLIC_URL_NAMES = {
    "account_login",
    "account_logout",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_confirm_email",
    "account_email_verification_sent",
    "account_inactive",
    "account_signup",
    "account_confirm_login_code",
    "account_request_login_code",
    "account_login_code_confirm",
    "account_reauthenticate",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "mfa_login_webauthn",
    "mfa_signup_webauthn",
    "accounts:accept_invitation",
    # A person confirms or cancels a workshop seat from a signed, expiring link (no account; POST-only changes).
    "workshops:respond",
    "core:health",
    "core:ready",  # readiness probe: database and Redis answer (no data, no auth)
    "set_language",
    # The public face (tremplin/public): the home page is the public home for anonymous visitors.
    "core:home",
    "public:sites",
    "public:site",
    "public:callback",
    "public:callback_done",
    "public:agenda",
    "public:sitemap",
    "public:robots",
    # Open data (tremplin/opendata): the network's places under Licence Ouverte, no personal data.
    "opendata:dataset_list",
    "opendata:lieux_csv",
    "opendata:lieux_json",
    "opendata:di_structures",
    "opendata:di_services",
    # A funder's read-only share link: the unguessable token is the credential (tremplin/stats/sharing.py).
    "stats:shared",
}
# The API (tremplin/api) authenticates by token, not by session, and answers 401 problem+json instead of a
# redirect to the login page: tremplin/api/tests check the token endpoints with no token and unusable ones.
TOKEN_URL_NAMESPACE = "api:"
SAMPLE_ARGS = {"int": "999999", "uuid": str(uuid.uuid4()), "str": "exemple", "slug": "exemple", "path": "exemple"}


def walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), (f"{namespace}{entry.name}" if entry.name else None)


def concrete_path(route):
    path = route
    for converter, value in SAMPLE_ARGS.items():
        path = re.sub(rf"<{converter}:\w+>", value, path)
    path = path.replace("^", "").replace("$", "")
    return "/" + path


def all_routes():
    return sorted(set(walk(get_resolver())))


def private_routes():
    return [
        (route, name)
        for route, name in all_routes()
        if name not in PUBLIC_URL_NAMES and not (name or "").startswith(TOKEN_URL_NAMESPACE)
    ]


@pytest.mark.parametrize("route,name", private_routes())
def test_anonymous_user_is_sent_to_login_unless_the_view_is_public(client, db, route, name):
    path = concrete_path(route)
    assert "<" not in path and "(?P" not in path, f"route {route} has a converter the walker does not know"
    response = client.get(path)
    assert response.status_code == 302, f"{route} ({name}) answered {response.status_code}"
    assert response["Location"].startswith("/comptes/login/"), f"{route} ({name}) redirects to {response['Location']}"


def test_public_allow_list_names_only_existing_views():
    names = {name for _route, name in all_routes()}
    assert PUBLIC_URL_NAMES - names <= {
        # allauth features this installation turns off (sign-up, login by code, passkeys).
        "account_signup",
        "account_confirm_login_code",
        "account_request_login_code",
        "account_login_code_confirm",
        "mfa_login_webauthn",
        "mfa_signup_webauthn",
        "account_confirm_email",
        "account_email_verification_sent",
    }


def test_anonymous_posts_are_sent_to_login_too(client, db):
    # Forms are POST-only: refusing the GET is not enough, the POST must be refused before the view runs.
    wrong = []
    for route, name in private_routes():
        response = client.post(concrete_path(route), {})
        if response.status_code != 302 or not response["Location"].startswith("/comptes/login/"):
            wrong.append(f"{route} ({name}) answered {response.status_code}")
    assert not wrong, wrong
