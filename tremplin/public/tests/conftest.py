"""Fixtures of the public room: two located sites, public and non-public sessions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin.core.testing.factories import SiteFactory
from tremplin.workshops.tests.factories import EnrollmentFactory, SessionFactory, WorkshopFactory


@pytest.fixture
def lyon(db):
    return SiteFactory(
        name="Espace Guillotière",
        code="GUI",
        address="12 rue de Marseille",
        postal_code="69007",
        commune="Lyon",
        insee_code="69387",
        latitude="45.751900",
        longitude="4.842100",
        phone="+33478000001",
        opening_hours="Mo-Fr 09:00-12:00,14:00-17:00; PH off",
        services=["Aide aux démarches administratives"],
        accessibility_notes="Plain-pied.",
        directions="Tram T1, arrêt Saxe-Gambetta.",
    )


@pytest.fixture
def saint_etienne(db):
    return SiteFactory(
        name="Espace Tarentaize",
        code="TAR",
        postal_code="42000",
        commune="Saint-Étienne",
        insee_code="42218",
        latitude="45.437800",
        longitude="4.383900",
        accepts_self_referrals=False,
    )


@pytest.fixture
def public_session(lyon):
    """A one-off workshop in three days at Lyon: 3 seats, 1 taken."""
    session = SessionFactory(site=lyon, seats=3, workshop=WorkshopFactory(title="Premiers pas sur smartphone"))
    EnrollmentFactory(session=session)
    return session


@pytest.fixture
def in_days():
    def at(days, hour=10):
        return (timezone.now() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)

    return at
