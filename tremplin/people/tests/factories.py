"""factory_boy factories for the people room (other rooms' tests may import them)."""

import factory

from tremplin.core.testing.factories import SiteFactory, UserFactory
from tremplin.people.models import Beneficiary, Consent, EligibilityProofType, EligibilityRecord


class BeneficiaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beneficiary
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    birth_year = 1980

    @factory.post_generation
    def sites(self, create, extracted, **kwargs):
        if create:
            self.sites.add(*(extracted if extracted is not None else [SiteFactory()]))


class ProofTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EligibilityProofType
        django_get_or_create = ("name",)

    name = "Attestation de minima sociaux"


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    channel = "in_person"
    recorded_by = factory.SubFactory(UserFactory)


class EligibilityRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EligibilityRecord

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    proof_type = factory.SubFactory(ProofTypeFactory)
    checked_by = factory.SubFactory(UserFactory)
