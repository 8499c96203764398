from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin.api import tokens
from tremplin.api.models import Scope
from tremplin.core.roles import Role
from tremplin.people.models import EligibilityProofType


@pytest.fixture
def admin(make_user):
    return make_user(Role.NETWORK_ADMIN)


@pytest.fixture
def proof_type(db):
    return EligibilityProofType.objects.create(name="Attestation de minima sociaux (test)")


@pytest.fixture
def issue(admin, make_user, partner):
    """issue(partner=…, scopes=…) -> (token, secret) for a fresh referrer account of that partner."""

    def factory(*, at=None, scopes=(Scope.REFERRALS_WRITE, Scope.REFERRALS_READ), account=None, days=30):
        at = at or partner
        account = account or make_user(Role.REFERRER, at=at)
        return tokens.issue_token(
            admin,
            name="Logiciel de test",
            partner=at,
            account=account,
            scopes=list(scopes),
            expires_at=timezone.now() + timedelta(days=days),
        )

    return factory


@pytest.fixture
def bearer():
    def headers(secret, **extra):
        return {"HTTP_AUTHORIZATION": f"Bearer {secret}", **extra}

    return headers
