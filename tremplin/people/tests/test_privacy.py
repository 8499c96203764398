import json

import pytest
from django.core.exceptions import ValidationError

from tremplin.core.models import AccessLog
from tremplin.people.models import Beneficiary
from tremplin.people.services import anonymise_beneficiary, export_beneficiary, merge_beneficiaries
from tremplin.people.signals import beneficiary_anonymised

from .factories import BeneficiaryFactory, ConsentFactory, EligibilityRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def helene(site):
    return BeneficiaryFactory(
        first_name="Hélène",
        last_name="Lefèvre",
        phone="+33639980001",
        birth_year=1975,
        email="helene@example.org",
        postal_code="69007",
        commune="Lyon 7e Arrondissement",
        languages="français, arabe",
        sites=[site],
    )


def test_export_contains_the_person_consents_eligibility_and_timeline_and_is_logged(make_user, helene):
    mediator = make_user("mediator")
    ConsentFactory(beneficiary=helene)
    EligibilityRecordFactory(beneficiary=helene)
    data = export_beneficiary(mediator, helene)
    json.dumps(data)  # plain JSON values only
    assert data["person"]["last_name"] == "Lefèvre"
    assert data["person"]["phone"] == "+33639980001"
    assert len(data["consents"]) == 1 and len(data["eligibility"]) == 1
    assert {event["kind"] for event in data["timeline"]} >= {"created", "consent", "eligibility"}
    assert AccessLog.objects.for_object(helene).filter(action="export", actor=mediator).exists()


def test_anonymisation_erases_identity_but_keeps_id_relations_and_statistics(make_user, helene, site):
    manager = make_user("site_manager")
    consent = ConsentFactory(beneficiary=helene)
    received = []
    beneficiary_anonymised.connect(
        lambda **kwargs: received.append(kwargs["beneficiary"].pk), weak=False, dispatch_uid="test-anonymise"
    )
    try:
        anonymise_beneficiary(manager, helene, reason="demande de la personne")
    finally:
        beneficiary_anonymised.disconnect(dispatch_uid="test-anonymise")
    person = Beneficiary.objects.get(pk=helene.pk)
    assert (person.first_name, person.last_name, person.email, str(person.phone), person.birth_year) == (
        "",
        "",
        "",
        "",
        None,
    )
    assert person.search_name == "" and person.languages == ""
    assert person.postal_code == "69007" and list(person.sites.all()) == [site]
    assert list(person.consents.all()) == [consent]
    assert str(person) == "Personne anonymisée"
    assert received == [helene.pk]
    entry = AccessLog.objects.for_object(person).get(action="anonymise")
    assert entry.reason == "demande de la personne"


def test_anonymising_also_erases_records_merged_into_the_person(make_user, helene, site):
    manager = make_user("site_manager")
    old = BeneficiaryFactory(first_name="Helene", last_name="Lefebvre", sites=[site])
    merge_beneficiaries(manager, helene, old)
    anonymise_beneficiary(manager, helene)
    old.refresh_from_db()
    assert old.last_name == "" and old.anonymised_at is not None


def test_an_anonymised_record_cannot_be_anonymised_again(make_user, helene):
    manager = make_user("site_manager")
    anonymise_beneficiary(manager, helene)
    with pytest.raises(ValidationError):
        anonymise_beneficiary(manager, Beneficiary.objects.get(pk=helene.pk))


def test_access_log_entries_never_carry_personal_data(make_user, helene):
    mediator = make_user("mediator")
    export_beneficiary(mediator, helene)
    for entry in AccessLog.objects.all():
        text = f"{entry.object_id} {entry.reason} {entry}"
        assert "Lef" not in text and "helene" not in text.lower() and "639980001" not in text
