"""Fixtures of the referral room: a proof type, a referrer, staff, and referrals made through the service."""

import uuid

import pytest

from tremplin.people.models import EligibilityProofType
from tremplin.referrals import services
from tremplin.referrals.choices import Need


@pytest.fixture
def proof_type(db):
    return EligibilityProofType.objects.create(name="Quotient familial (test)")


@pytest.fixture
def referrer(make_user, partner):
    return make_user("referrer", at=partner, email="prescriptrice@test.tremplin.example")


@pytest.fixture
def mediator(make_user, site):
    return make_user("mediator", at=site)


@pytest.fixture
def manager(make_user, site):
    return make_user("site_manager", at=site)


def person_fields(proof_type, **overrides):
    fields = {
        "first_name": "Amina",
        "last_name": "Diallo",
        "birth_year": 1980,
        "phone": "+33612345678",
        "email": "",
        "preferred_channel": "sms",
        "postal_code": "69007",
        "commune": "Lyon",
        "languages": "français, peul",
        "needs": [Need.PROCEDURE],
        "context": "Doit renouveler un titre en ligne.",
        "accommodations": "Gros caractères",
        "consent_attested": True,
        "eligibility_attested": True,
        "proof_type": proof_type,
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def make_referral(referrer, partner, site, proof_type):
    """make_referral(**overrides) -> a referral written by `referrer` to `site` through the service."""

    def factory(*, by=None, to=None, **overrides):
        author = by or referrer
        referral, _created = services.create_referral(
            author,
            partner=author.active_memberships[0].partner,
            idempotency_key=uuid.uuid4(),
            target_site=to or site,
            **person_fields(proof_type, **overrides),
        )
        return referral

    return factory


@pytest.fixture
def referral(make_referral):
    return make_referral()
