"""Every page an anonymous visitor can open wears the public layout, and no staff notice shows on it."""

import pytest
from django.urls import reverse

from tremplin.public.queries import site_slug

STAFF_MFA_NOTE = "double authentification"
PUBLIC_MENU = 'aria-label="Pages publiques"'
STAFF_MENU = 'aria-label="Navigation principale"'


@pytest.fixture
def demo(settings):
    # The demo notice is shown, with its staff two-factor sentence when 2FA is not enforced.
    settings.TREMPLIN_DEMO = True
    settings.TREMPLIN_MFA_ENFORCED = False


def anonymous_pages(site):
    slug = site_slug(site)
    return [
        reverse("core:home"),
        reverse("public:sites"),
        reverse("public:site", args=[slug]),
        reverse("public:callback", args=[slug]),
        reverse("public:agenda"),
        reverse("opendata:dataset_list"),
        reverse("api:docs"),
        reverse("workshops:respond", args=["jeton-invalide"]),  # an expired or wrong link: its own page
        reverse("stats:shared", args=["lien-inconnu"]),  # a funder's share link that is wrong or revoked
        "/cette-page-n-existe-pas/",  # the 404 page
    ]


@pytest.mark.django_db
def test_anonymous_visitors_get_the_public_layout_on_every_public_page(client, lyon, demo):
    for path in anonymous_pages(lyon):
        response = client.get(path)
        assert response.status_code in (200, 404, 410), path
        html = response.content.decode()
        assert PUBLIC_MENU in html, path
        assert STAFF_MENU not in html, path
        assert STAFF_MFA_NOTE not in html, path


@pytest.mark.django_db
def test_the_staff_two_factor_note_shows_at_the_staff_entrance_only(client, demo):
    """The login page is the staff's entrance (staff layout): staff trying the demo learn there that two-factor
    is not enforced (accounts/tests/test_two_factor.py); public pages never say it (test above)."""
    html = client.get(reverse("account_login")).content.decode()

    assert "Démonstration : données fictives." in html
    assert STAFF_MFA_NOTE in html


@pytest.mark.django_db
def test_signed_in_staff_keep_the_staff_layout_and_the_demo_two_factor_note(client_as, demo):
    client = client_as("mediator")
    for path in (reverse("opendata:dataset_list"), "/cette-page-n-existe-pas/"):
        html = client.get(path).content.decode()
        assert STAFF_MENU in html, path
        assert PUBLIC_MENU not in html, path
        assert STAFF_MFA_NOTE in html, path
