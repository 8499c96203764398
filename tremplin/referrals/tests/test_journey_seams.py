"""The seams between referrals and the other rooms: eligibility on acceptance, progress for the referrer."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tremplin.inventory.models import Status as DeviceStatus
from tremplin.inventory.tests.factories import DeviceFactory
from tremplin.people.models import EligibilityRecord
from tremplin.people.models.eligibility import default_valid_until
from tremplin.people.services import create_beneficiary
from tremplin.referrals import progress, services
from tremplin.workshops.tests.factories import EnrollmentFactory, SessionFactory

ATTENDED = "A participé à au moins un atelier"
EQUIPPED = "A obtenu un équipement ou une connectivité"


def accepted(mediator, referral, **kwargs):
    services.accept_referral(mediator, referral, **kwargs)
    referral.refresh_from_db()
    return referral


def test_accepting_records_the_referrers_eligibility_attestation(mediator, referral, proof_type):
    referral.created_at = timezone.now() - timedelta(days=4)
    referral.save(update_fields=["created_at"])
    referral = accepted(mediator, referral)
    record = EligibilityRecord.objects.get(beneficiary=referral.beneficiary)
    assert record.proof_type == proof_type
    assert record.checked_by == referral.referrer
    assert record.checked_on == timezone.localdate(referral.created_at)
    assert record.valid_until == default_valid_until(record.checked_on)


def test_attaching_a_referral_to_an_existing_person_adds_the_eligibility_record_to_that_person(
    make_user, mediator, referral, other_site
):
    colleague = make_user("mediator", at=other_site)
    existing = create_beneficiary(colleague, other_site, first_name="Amina", last_name="Diallo", birth_year=1980)
    accepted(mediator, referral, beneficiary=existing)
    records = list(EligibilityRecord.objects.filter(beneficiary=existing))
    assert len(records) == 1
    assert records[0].checked_by == referral.referrer


def test_declining_a_referral_records_no_eligibility(mediator, referral):
    services.decline_referral(mediator, referral, reason="unreachable")
    assert not EligibilityRecord.objects.exists()


def test_progress_says_no_to_workshops_and_equipment_right_after_acceptance(mediator, referral):
    answers = dict(progress.summary(accepted(mediator, referral)))
    assert answers[ATTENDED] is False
    assert answers[EQUIPPED] is False


def test_progress_says_yes_once_the_person_attended_a_workshop(mediator, referral, site):
    referral = accepted(mediator, referral)
    past = timezone.now() - timedelta(days=2)
    EnrollmentFactory(
        session=SessionFactory(site=site, starts_at=past, ends_at=past + timedelta(hours=2)),
        beneficiary=referral.beneficiary,
        attendance="present",
    )
    assert dict(progress.summary(referral))[ATTENDED] is True


def test_an_absence_does_not_count_as_attending(mediator, referral, site):
    referral = accepted(mediator, referral)
    EnrollmentFactory(session=SessionFactory(site=site), beneficiary=referral.beneficiary, attendance="absent")
    assert dict(progress.summary(referral))[ATTENDED] is False


def test_progress_says_yes_once_a_device_was_sold_to_the_person(mediator, referral, site):
    referral = accepted(mediator, referral)
    DeviceFactory(site=site, status=DeviceStatus.SOLD, sold_to=referral.beneficiary, sold_at=timezone.now())
    assert dict(progress.summary(referral))[EQUIPPED] is True


def test_a_reserved_device_is_not_yet_equipment(mediator, referral, site):
    referral = accepted(mediator, referral)
    DeviceFactory(
        site=site,
        status=DeviceStatus.RESERVED,
        reserved_for=referral.beneficiary,
        reserved_until=timezone.now() + timedelta(days=3),
    )
    assert dict(progress.summary(referral))[EQUIPPED] is False


def test_the_referrer_page_shows_progress_as_yes_or_no_only(login, referrer, mediator, referral, site):
    referral = accepted(mediator, referral)
    DeviceFactory(site=site, status=DeviceStatus.SOLD, sold_to=referral.beneficiary, sold_at=timezone.now())
    response = login(referrer).get(reverse("referrals:detail", args=[referral.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{ATTENDED} : <strong>non</strong>" in html
    assert f"{EQUIPPED} : <strong>oui</strong>" in html
    assert "ThinkPad" not in html and "€" not in html


def test_the_voucher_page_prints_how_to_get_to_the_site_under_the_address(login, referrer, referral, site):
    site.directions = "Tram T1, arrêt Saxe-Gambetta."
    site.save(update_fields=["directions"])
    html = login(referrer).get(reverse("referrals:voucher", args=[referral.pk])).content.decode()
    assert "Comment venir :" in html
    assert html.index(site.address) < html.index("Tram T1, arrêt Saxe-Gambetta.")


def test_the_voucher_pdf_prints_how_to_get_to_the_site(monkeypatch, referral, site):
    from tremplin.core.pdf import Document
    from tremplin.referrals.voucher_pdf import build_voucher

    site.directions = "Tram T1, arrêt Saxe-Gambetta."
    site.save(update_fields=["directions"])
    written = []
    original = Document.multi_cell

    def spy(self, w, h, text="", *args, **kwargs):
        written.append(str(text))
        return original(self, w, h, text, *args, **kwargs)

    monkeypatch.setattr(Document, "multi_cell", spy)
    build_voucher(referral).output()
    assert "Comment venir : Tram T1, arrêt Saxe-Gambetta." in written
    assert written.index(site.address) < written.index("Comment venir : Tram T1, arrêt Saxe-Gambetta.")


def test_the_voucher_says_nothing_about_directions_when_the_site_has_none(login, referrer, referral):
    html = login(referrer).get(reverse("referrals:voucher", args=[referral.pk])).content.decode()
    assert "Comment venir" not in html
