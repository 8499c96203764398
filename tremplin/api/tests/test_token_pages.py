"""The national team issues, lists and revokes tokens; nobody else sees these pages."""

import re

import pytest

from tremplin.api.models import ApiToken
from tremplin.core.roles import Role

pytestmark = pytest.mark.django_db


def test_admin_issues_a_token_shown_once(login, admin, make_user, partner):
    referrer = make_user(Role.REFERRER, at=partner)
    client = login(admin)
    assert client.get("/api/jetons/nouveau/").status_code == 200
    response = client.post(
        "/api/jetons/nouveau/",
        {
            "name": "Logiciel du CCAS",
            "partner": partner.pk,
            "account": referrer.pk,
            "scopes": ["referrals:write", "referrals:read"],
            "expires_on": "2027-06-30",
        },
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = re.search(r'value="(trp_[^"]+)"', response.content.decode()).group(1)
    token = ApiToken.objects.get()
    assert token.account == referrer and token.created_by == admin
    for url in ("/api/jetons/", f"/api/jetons/{token.pk}/"):
        page = client.get(url)
        assert page.status_code == 200 and secret not in page.content.decode()
    assert client.get("/api/v1/referrals", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


def test_the_account_must_refer_for_the_partner(login, admin, make_user, partner, other_partner):
    referrer = make_user(Role.REFERRER, at=other_partner)
    response = login(admin).post(
        "/api/jetons/nouveau/",
        {
            "name": "X",
            "partner": partner.pk,
            "account": referrer.pk,
            "scopes": ["referrals:read"],
            "expires_on": "2027-06-30",
        },
    )
    assert response.status_code == 200
    assert "Ce compte n&#x27;oriente pas de personnes pour cette structure." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_asks_for_confirmation(login, admin, issue):
    token, secret = issue()
    client = login(admin)
    url = f"/api/jetons/{token.pk}/revoquer/"
    assert client.post(url).status_code == 200  # the confirmation page
    assert not ApiToken.objects.get(pk=token.pk).is_revoked
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    assert ApiToken.objects.get(pk=token.pk).is_revoked
    assert client.get("/api/v1/referrals", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


@pytest.mark.parametrize("role", [r for r in Role if r != Role.NETWORK_ADMIN])
def test_other_roles_get_404(client_as, issue, role):
    token, _secret = issue()
    client = client_as(role)
    for url in ("/api/jetons/", "/api/jetons/nouveau/", f"/api/jetons/{token.pk}/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/api/jetons/{token.pk}/revoquer/", {"confirmed": "1"}).status_code == 404


def test_a_new_token_starts_with_no_right_ticked_so_a_funder_token_is_not_refused_for_partner_rights(
    login, admin, make_user
):
    funder = make_user(Role.OBSERVER)
    client = login(admin)
    page = client.get("/api/jetons/nouveau/").content.decode()
    assert 'name="scopes"' in page and not re.search(r'<input[^>]*name="scopes"[^>]*checked', page)
    response = client.post(
        "/api/jetons/nouveau/",
        {
            "name": "Outil du financeur",
            "partner": "",
            "account": funder.pk,
            "scopes": ["stats:read"],
            "expires_on": "2027-06-30",
        },
    )
    assert response.status_code == 200 and ApiToken.objects.get().scopes == ["stats:read"]
