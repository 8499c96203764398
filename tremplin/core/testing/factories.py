"""factory_boy factories for the rooms below `people` (sites, partners, accounts)."""

import factory
from django.contrib.auth.hashers import make_password
from faker import Faker

from tremplin.accounts.models import Membership, User
from tremplin.network.models import PartnerOrganisation, Site

TEST_PASSWORD = "correct horse battery staple 42"  # noqa: S105 — test accounts only
_fake = Faker("fr_FR")


def _password_hash():
    # Argon2 is slow on purpose; hash the shared test password once per process.
    if not hasattr(_password_hash, "value"):
        _password_hash.value = make_password(TEST_PASSWORD)
    return _password_hash.value


def _site_code(n):
    """T + three letters, counting in base 26: 17,576 distinct codes, always 4 characters (the column's size).

    Digits would pass a fifth character after a thousand sites in one test process, which PostgreSQL refuses.
    """
    n %= 26**3
    return "T" + chr(65 + n // 676) + chr(65 + n // 26 % 26) + chr(65 + n % 26)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Espace test {n}")
    code = factory.Sequence(lambda n: _site_code(n))
    address = "1 place de la République"
    postal_code = "69001"
    commune = "Lyon"
    insee_code = "69381"
    opening_hours = "Mo-Fr 09:00-17:00"
    services = ["Aide aux démarches administratives"]


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation

    name = factory.Sequence(lambda n: f"Partenaire test {n}")
    kind = "CCAS"
    address = "2 rue Garibaldi"
    postal_code = "69006"
    commune = "Lyon"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@test.tremplin.example")
    full_name = factory.LazyFunction(lambda: _fake.name())
    password = factory.LazyFunction(_password_hash)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = "mediator"
    site = factory.SubFactory(SiteFactory)
    partner = None
