"""Fixtures every room's tests use: sites, partners, a user per role, logged-in clients."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tremplin.core.roles import PARTNER_ROLES, SITE_ROLES, Role

from .factories import MembershipFactory, PartnerFactory, SiteFactory, UserFactory

ALL_ROLES = [r.value for r in Role]


@pytest.fixture
def site(db):
    return SiteFactory(name="Espace Lyon test", code="LYT")


@pytest.fixture
def other_site(db):
    return SiteFactory(
        name="Espace Grenoble test", code="GRT", postal_code="38000", commune="Grenoble", insee_code="38185"
    )


@pytest.fixture
def partner(db):
    return PartnerFactory(name="CCAS test")


@pytest.fixture
def other_partner(db):
    return PartnerFactory(name="Association test", kind="ASSO")


def enable_totp(user):
    """Give the user a TOTP device, as if they had set up two-factor authentication."""
    TOTP.activate(user, generate_totp_secret())


@pytest.fixture
def make_user(db, site, partner):
    """make_user("mediator") -> a user holding that role at `site` (or `partner` for referrers).

    Users whose role requires two-factor authentication get a TOTP device unless totp=False.
    """

    def factory(role, *, at=None, totp=True, **user_fields):
        user = UserFactory(**user_fields)
        if role in SITE_ROLES:
            MembershipFactory(user=user, role=role, site=at or site, partner=None)
        elif role in PARTNER_ROLES:
            MembershipFactory(user=user, role=role, site=None, partner=at or partner)
        else:
            MembershipFactory(user=user, role=role, site=None, partner=None)
        if totp and role in (Role.NETWORK_ADMIN, Role.SITE_MANAGER):
            enable_totp(user)
        return user

    return factory


@pytest.fixture
def login(client):
    """login(user) -> the test client, signed in as `user`."""

    def do_login(user):
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        return client

    return do_login


@pytest.fixture
def client_as(make_user, login):
    """client_as("site_manager") -> a test client signed in as a fresh user with that role at `site`."""

    def factory(role, **kwargs):
        return login(make_user(role, **kwargs))

    return factory
