from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from tremplin.core.models import AccessLog
from tremplin.people.models import Beneficiary
from tremplin.people.services import create_beneficiary
from tremplin.referrals import progress, services
from tremplin.referrals.choices import ContactOutcome, DeclineReason, Status
from tremplin.referrals.models import Referral


def attempt(user, referral, outcome, at=None):
    return services.record_contact_attempt(user, referral, at=at or timezone.now(), channel="phone", outcome=outcome)


def test_a_failed_contact_attempt_keeps_the_referral_waiting(mediator, referral):
    attempt(mediator, referral, ContactOutcome.NO_ANSWER)
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED
    assert referral.contact_attempts.count() == 1


def test_reaching_the_person_marks_the_referral_contacted_and_tells_the_referrer(
    mediator, referral, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        attempt(mediator, referral, ContactOutcome.REACHED)
    referral.refresh_from_db()
    assert referral.status == Status.CONTACTED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [referral.referrer.email]
    assert mail.outbox[0].subject == f"Orientation {referral.display_code} : personne contactée"


def test_accepting_creates_a_person_followed_by_the_site(mediator, referral, site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_referral(mediator, referral)
    referral.refresh_from_db()
    person = referral.beneficiary
    assert referral.status == Status.ACCEPTED
    assert (person.first_name, person.last_name, person.birth_year) == ("Amina", "Diallo", 1980)
    assert str(person.phone) == "+33612345678"
    assert list(person.sites.all()) == [site]
    assert "acceptée" in mail.outbox[0].subject
    assert "Amina" not in mail.outbox[0].subject and "Diallo" not in mail.outbox[0].subject
    assert AccessLog.objects.for_object(referral).filter(action=AccessLog.Action.UPDATE, actor=mediator).exists()


def test_accepting_can_attach_the_referral_to_an_existing_person(make_user, mediator, referral, site, other_site):
    colleague = make_user("mediator", at=other_site)
    existing = create_beneficiary(colleague, other_site, first_name="Amina", last_name="Diallo", birth_year=1980)
    services.accept_referral(mediator, referral, beneficiary=existing)
    assert Beneficiary.objects.count() == 1
    assert set(existing.sites.all()) == {site, other_site}


def test_a_referral_cannot_be_accepted_twice(mediator, referral):
    services.accept_referral(mediator, referral)
    with pytest.raises(ValidationError, match="déjà traitée"):
        services.accept_referral(mediator, referral)
    assert Beneficiary.objects.count() == 1


def test_staff_of_another_site_cannot_act_on_the_referral(make_user, other_site, referral):
    outsider = make_user("mediator", at=other_site)
    with pytest.raises(ValidationError):
        services.decline_referral(outsider, referral, reason=DeclineReason.UNREACHABLE)


def test_declining_records_the_reason_and_tells_the_referrer(mediator, referral, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_referral(mediator, referral, reason=DeclineReason.NOT_ELIGIBLE)
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED
    assert referral.decline_reason == DeclineReason.NOT_ELIGIBLE
    assert "refusée" in mail.outbox[0].subject
    assert "critères du réseau" in mail.outbox[0].body


def test_transferring_moves_the_referral_to_the_other_sites_inbox(
    make_user, mediator, referral, site, other_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.transfer_referral(mediator, referral, to_site=other_site)
    referral.refresh_from_db()
    other_mediator = make_user("mediator", at=other_site)
    assert referral.status == Status.TRANSFERRED
    assert (referral.target_site, referral.transferred_from) == (other_site, site)
    assert referral in Referral.objects.received_by(other_mediator)
    assert referral not in Referral.objects.received_by(mediator)
    assert "transférée" in mail.outbox[0].subject
    with pytest.raises(ValidationError):
        services.transfer_referral(other_mediator, referral, to_site=other_site)


def test_uncontacted_referrals_expire_after_the_configured_delay(settings, mediator, make_referral):
    settings.TREMPLIN_REFERRAL_EXPIRY_DAYS = 30
    with time_machine.travel(timezone.now() - timedelta(days=31)):
        forgotten = make_referral()
        tried = make_referral()
        reached = make_referral()
        attempt(mediator, reached, ContactOutcome.REACHED)
    attempt(mediator, tried, ContactOutcome.NO_ANSWER)
    recent = make_referral()
    assert services.expire_referrals() == 1
    forgotten.refresh_from_db()
    assert forgotten.status == Status.EXPIRED
    assert [r.status for r in (tried, reached, recent) if r.refresh_from_db() is None] == [
        Status.SUBMITTED,
        Status.CONTACTED,
        Status.SUBMITTED,
    ]
    assert services.expire_referrals() == 0


def test_the_expiry_delay_is_configurable(settings, make_referral):
    settings.TREMPLIN_REFERRAL_EXPIRY_DAYS = 5
    with time_machine.travel(timezone.now() - timedelta(days=6)):
        old = make_referral()
    with time_machine.travel(timezone.now() - timedelta(days=4)):
        younger = make_referral()
    call_command("expire_referrals", verbosity=0)
    old.refresh_from_db()
    younger.refresh_from_db()
    assert (old.status, younger.status) == (Status.EXPIRED, Status.SUBMITTED)


def test_site_managers_get_one_reminder_a_day_about_referrals_waiting_too_long(
    manager, make_referral, django_capture_on_commit_callbacks
):
    with time_machine.travel(timezone.now() - timedelta(days=12)):
        old = make_referral()
    make_referral()  # recent: not in the digest
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_referral_reminders", verbosity=0)
        call_command("send_referral_reminders", verbosity=0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [manager.email]
    assert message.subject == "Orientations en attente depuis plus de 10 jours : 1"
    assert old.display_code in message.body
    assert "Diallo" not in message.body
    with time_machine.travel(timezone.now() + timedelta(days=1)), django_capture_on_commit_callbacks(execute=True):
        call_command("send_referral_reminders", verbosity=0)
    assert len(mail.outbox) == 2


def test_the_referrer_is_the_relay_for_a_person_reached_through_them(mediator, referral):
    services.accept_referral(mediator, referral)
    referral.refresh_from_db()
    assert services.referrer_email_for(referral.beneficiary) == referral.referrer.email


def test_progress_is_all_no_before_acceptance_and_yes_for_the_first_appointment_after(mediator, referral):
    assert progress.summary(referral) == [(progress.FIRST_APPOINTMENT, False)]
    services.accept_referral(mediator, referral)
    referral.refresh_from_db()
    assert (progress.FIRST_APPOINTMENT, True) in progress.summary(referral)


def test_progress_providers_from_other_rooms_answer_yes_or_no(mediator, referral):
    def workshops(beneficiary):
        return {"Ateliers suivis": 2}

    progress.register(workshops)
    try:
        services.accept_referral(mediator, referral)
        referral.refresh_from_db()
        assert ("Ateliers suivis", True) in progress.summary(referral)
    finally:
        progress.unregister(workshops)


def test_the_referrer_is_told_in_french_even_when_the_mediator_works_in_english(
    mediator, referral, django_capture_on_commit_callbacks
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        attempt(mediator, referral, ContactOutcome.REACHED)

    assert mail.outbox[0].subject == f"Orientation {referral.display_code} : personne contactée"


def test_the_referrers_status_email_links_to_the_address_the_app_runs_on(
    settings, mediator, referral, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:8104"
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_referral(mediator, referral, reason=DeclineReason.NOT_ELIGIBLE)

    body = mail.outbox[0].body
    assert f"http://127.0.0.1:8104/orientations/{referral.pk}/" in body
    assert ":8000" not in body


def test_the_voucher_qr_code_points_to_the_address_the_app_runs_on(settings, referral):
    from tremplin.referrals.voucher_pdf import scan_url

    settings.SITE_URL = "https://tremplin.example"

    assert scan_url(referral).startswith("https://tremplin.example/orientations/")
