from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from tremplin.people.models import EligibilityRecord, InformationNotice
from tremplin.people.services import record_consent, record_eligibility, renew_eligibility

from .factories import BeneficiaryFactory, ProofTypeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(site):
    return BeneficiaryFactory(sites=[site])


def test_an_eligibility_check_is_valid_for_the_configured_time(make_user, person, settings):
    settings.TREMPLIN_ELIGIBILITY_VALID_DAYS = 30
    record = record_eligibility(
        make_user("mediator"), person, proof_type=ProofTypeFactory(), checked_on=date(2026, 1, 10)
    )
    assert record.valid_until == date(2026, 2, 9)
    assert list(EligibilityRecord.objects.valid_on(date(2026, 2, 9))) == [record]
    assert not EligibilityRecord.objects.valid_on(date(2026, 2, 10)).exists()


def test_default_validity_is_six_months(make_user, person):
    record = record_eligibility(
        make_user("mediator"), person, proof_type=ProofTypeFactory(), checked_on=date(2026, 1, 1)
    )
    assert record.valid_until == date(2026, 1, 1) + timedelta(days=183)


def test_an_end_date_before_the_check_is_refused_with_a_message_and_by_the_database(make_user, person):
    with pytest.raises(ValidationError) as caught:
        record_eligibility(
            make_user("mediator"),
            person,
            proof_type=ProofTypeFactory(),
            checked_on=date(2026, 1, 10),
            valid_until=date(2026, 1, 1),
        )
    assert "valid_until" in caught.value.message_dict
    with pytest.raises(IntegrityError):
        EligibilityRecord.objects.create(
            beneficiary=person,
            proof_type=ProofTypeFactory(),
            checked_by=make_user("mediator"),
            checked_on=date(2026, 1, 10),
            valid_until=date(2026, 1, 1),
        )


def test_renewing_creates_a_linked_record_and_a_second_renewal_is_refused(make_user, person):
    mediator = make_user("mediator")
    first = record_eligibility(mediator, person, proof_type=ProofTypeFactory(), checked_on=date(2026, 1, 1))
    renewal = renew_eligibility(mediator, first)
    assert renewal.renewed_from == first and renewal.proof_type == first.proof_type
    assert renewal.checked_on == timezone.localdate()
    with pytest.raises(ValidationError):
        renew_eligibility(mediator, first)


def test_volunteers_cannot_record_eligibility_or_consent(make_user, person):
    volunteer = make_user("volunteer")
    with pytest.raises(PermissionDenied):
        record_eligibility(volunteer, person, proof_type=ProofTypeFactory())
    with pytest.raises(PermissionDenied):
        record_consent(volunteer, person, channel="in_person")


def test_consent_records_date_channel_author_and_notice_version(make_user, person):
    # The version in force is the last one the national team published (version 1 comes from the migration).
    InformationNotice.objects.create(version=2, text="Texte v2", published_at=timezone.now())
    InformationNotice.objects.create(version=3, text="Brouillon v3")
    mediator = make_user("mediator")
    consent = record_consent(mediator, person, channel="paper", given_on=date(2026, 3, 2))
    assert (consent.given_on, consent.channel, consent.recorded_by, consent.notice_version) == (
        date(2026, 3, 2),
        "paper",
        mediator,
        "2",
    )
    assert consent.notice.version == 2


def test_a_consent_dated_in_the_future_is_refused(make_user, person):
    with pytest.raises(ValidationError):
        record_consent(
            make_user("mediator"), person, channel="paper", given_on=timezone.localdate() + timedelta(days=1)
        )


def test_people_eligible_on_a_day_are_those_with_a_check_covering_it(make_user, person, site):
    from tremplin.people.models import Beneficiary

    record_eligibility(
        make_user("mediator"),
        person,
        proof_type=ProofTypeFactory(),
        checked_on=date(2026, 1, 1),
        valid_until=date(2026, 6, 30),
    )
    BeneficiaryFactory(sites=[site])
    assert list(Beneficiary.objects.eligible_on(date(2026, 6, 30))) == [person]
    assert not Beneficiary.objects.eligible_on(date(2026, 7, 1)).exists()
