"""Factories for the workshops room's tests."""

from datetime import timedelta

import factory
from django.utils import timezone

from tremplin.core.testing.factories import SiteFactory
from tremplin.people.models import Beneficiary
from tremplin.workshops.models import Enrollment, Session, Workshop


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    title = factory.Sequence(lambda n: f"Atelier test {n}")
    description = "Apprendre pas à pas."
    thematiques = ["email"]
    duration_minutes = 120
    default_seats = 8


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    site = factory.SubFactory(SiteFactory)
    workshop = factory.SubFactory(WorkshopFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    seats = 3


class BeneficiaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beneficiary
        skip_postgeneration_save = True

    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"Nom{n}")
    phone = "+33612345678"

    @factory.post_generation
    def sites(self, create, extracted, **kwargs):
        if create and extracted:
            self.sites.add(*extracted)


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    session = factory.SubFactory(SessionFactory)
    beneficiary = factory.SubFactory(BeneficiaryFactory)
    status = "confirmed"
