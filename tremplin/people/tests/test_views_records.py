import pytest
from django.urls import reverse
from django.utils import timezone

from tremplin.core.models import AccessLog
from tremplin.people.models import Beneficiary, InformationNotice

from .factories import BeneficiaryFactory, ConsentFactory, EligibilityRecordFactory, ProofTypeFactory

pytestmark = pytest.mark.django_db


def test_editing_contact_preferences_saves_and_logs(client_as, helene):
    response = client_as("mediator").post(
        reverse("people:edit", args=[helene.pk]),
        {
            "first_name": "Hélène",
            "last_name": "Lefèvre",
            "birth_year": "1975",
            "phone": "+33 6 39 98 00 02",
            "email": "h@example.org",
            "preferred_channel": "email",
            "postal_code": "",
            "commune": "",
            "languages": "",
            "accommodations": "gros caractères",
        },
    )
    assert response.status_code == 302
    helene.refresh_from_db()
    assert str(helene.phone) == "+33639980002" and helene.preferred_channel == "email"
    assert AccessLog.objects.for_object(helene).filter(action="update").exists()


def test_editing_with_a_bad_phone_changes_nothing(client_as, helene):
    response = client_as("mediator").post(
        reverse("people:edit", args=[helene.pk]),
        {"first_name": "X", "last_name": "Y", "phone": "12", "preferred_channel": "sms"},
    )
    assert response.status_code == 200 and "phone" in response.context["form"].errors
    helene.refresh_from_db()
    assert helene.first_name == "Hélène"


def test_recording_the_information_notice(client_as, helene):
    today = timezone.localdate()
    response = client_as("mediator").post(
        reverse("people:consent_add", args=[helene.pk]),
        {"given_on": today.isoformat(), "channel": "paper", "notice": InformationNotice.objects.get(version=1).pk},
    )
    assert response.status_code == 302
    consent = helene.consents.get()
    assert (consent.given_on, consent.channel, consent.notice.version, consent.notice_version) == (
        today,
        "paper",
        1,
        "1",
    )


def test_recording_then_renewing_eligibility(client_as, helene):
    client = client_as("mediator")
    proof = ProofTypeFactory()
    today = timezone.localdate()
    client.post(
        reverse("people:eligibility_add", args=[helene.pk]),
        {"proof_type": proof.pk, "checked_on": today.isoformat(), "valid_until": ""},
    )
    first = helene.eligibility_records.get()
    assert first.valid_until > today
    response = client.post(
        reverse("people:eligibility_renew", args=[helene.pk, first.pk]),
        {"proof_type": proof.pk, "checked_on": today.isoformat(), "valid_until": ""},
    )
    assert response.status_code == 302
    assert helene.eligibility_records.get(renewed_from=first)
    response = client.post(
        reverse("people:eligibility_renew", args=[helene.pk, first.pk]),
        {"proof_type": proof.pk, "checked_on": today.isoformat(), "valid_until": ""},
    )
    assert response.status_code == 200 and "déjà été renouvelée" in response.text


def test_an_eligibility_end_before_the_check_is_refused_next_to_the_field(client_as, helene):
    response = client_as("mediator").post(
        reverse("people:eligibility_add", args=[helene.pk]),
        {"proof_type": ProofTypeFactory().pk, "checked_on": "2026-01-10", "valid_until": "2026-01-01"},
    )
    assert "valid_until" in response.context["form"].errors
    assert not helene.eligibility_records.exists()


def test_the_timeline_shows_creation_consent_and_eligibility(client_as, helene):
    ConsentFactory(beneficiary=helene)
    EligibilityRecordFactory(beneficiary=helene)
    response = client_as("mediator").get(reverse("people:timeline", args=[helene.pk]))
    kinds = [event.kind for event in response.context["events"]]
    assert {"created", "consent", "eligibility"} <= set(kinds)


def test_a_site_manager_merges_two_records_after_confirmation(client_as, helene, site):
    other = BeneficiaryFactory(first_name="Helene", last_name="Lefebvre", birth_year=1975, sites=[site])
    ConsentFactory(beneficiary=other)
    client = client_as("site_manager")
    pick = client.get(reverse("people:merge_pick", args=[helene.pk]))
    assert [c.pk for c in pick.context["suggestions"]] == [other.pk]
    found = client.post(reverse("people:merge_pick", args=[helene.pk]), {"q": "lefebvre"})
    assert [c.pk for c in found.context["results"]] == [other.pk]
    confirm_url = reverse("people:merge_confirm", args=[helene.pk, other.pk])
    page = client.get(confirm_url)
    assert "informations et accords" in page.text.lower()
    assert client.post(confirm_url, {}).status_code == 200  # confirmation box not ticked: nothing happens
    assert Beneficiary.objects.get(pk=other.pk).merged_into is None
    response = client.post(confirm_url, {"confirm": "on"})
    assert response.status_code == 302
    assert Beneficiary.objects.get(pk=other.pk).merged_into_id == helene.pk
    assert helene.consents.count() == 1


def test_a_site_manager_anonymises_a_record_on_request(client_as, helene):
    client = client_as("site_manager")
    response = client.post(reverse("people:anonymise", args=[helene.pk]), {"reason": "demande écrite"})
    assert response.status_code == 200 and "confirm" in response.context["form"].errors
    response = client.post(reverse("people:anonymise", args=[helene.pk]), {"reason": "demande écrite", "confirm": "on"})
    assert response.status_code == 302
    helene.refresh_from_db()
    assert helene.anonymised_at and helene.last_name == ""
    page = client.get(reverse("people:detail", args=[helene.pk]))
    assert "Personne anonymisée" in page.text and "Lefèvre" not in page.text
