"""Consent withdrawal: messages stop at once, the record is marked, staff are offered anonymisation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin.core.models import AccessLog
from tremplin.notifications.models import Message, Status
from tremplin.notifications.services import queue_message, send_due_messages
from tremplin.ops.models import ConsentWithdrawal

pytestmark = pytest.mark.django_db


def queue(person, key, due_in=timedelta(0)):
    return queue_message(
        person,
        kind="reminder_2_days",
        subject="Rappel",
        body="Votre atelier",
        sms_body="Votre atelier",
        due_at=timezone.now() + due_in,
        dedupe_key=key,
    )


def test_withdrawal_asks_confirmation_then_cancels_queued_messages_and_offers_anonymisation(
    client_as, make_person, sms_outbox
):
    person = make_person()
    due = queue(person, "t:due")
    later = queue(person, "t:later", timedelta(days=2))
    client = client_as("site_manager")
    detail = client.get(person.get_absolute_url()).content.decode()
    url = f"/exploitation/consentement/{person.pk}/retrait/"
    assert url in detail
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Plus aucun SMS ni e-mail" in confirm.content.decode()
    assert not ConsentWithdrawal.objects.exists()
    done = client.post(url, {"confirmed": "1"})
    assert done.status_code == 302 and done.url == f"/personnes/{person.pk}/anonymiser/"
    assert set(Message.objects.filter(pk__in=[due.pk, later.pk]).values_list("status", flat=True)) == {Status.CANCELLED}
    send_due_messages()
    assert sms_outbox == []
    # No new message is queued for the person.
    assert queue(person, "t:new") is None
    detail = client.get(person.get_absolute_url()).content.decode()
    assert "Consentement retiré le" in detail and url not in detail
    assert AccessLog.objects.filter(object_id=str(person.pk), reason="retrait du consentement").count() == 1


def test_a_message_already_claimed_for_sending_is_not_sent_after_withdrawal(make_person, make_user, sms_outbox):
    person = make_person()
    queue(person, "t:1")
    # Withdrawal recorded behind the queue's back (another server): the sender checks again before sending.
    ConsentWithdrawal.objects.create(beneficiary=person, recorded_by=make_user("mediator"))
    send_due_messages()
    assert sms_outbox == []
    assert Message.objects.get(dedupe_key="t:1").status == Status.CANCELLED


def test_a_mediator_may_record_it_and_returns_to_the_record(client_as, make_person):
    person = make_person()
    response = client_as("mediator").post(f"/exploitation/consentement/{person.pk}/retrait/", {"confirmed": "1"})
    assert response.status_code == 302 and response.url == person.get_absolute_url()
    assert ConsentWithdrawal.objects.filter(beneficiary=person).exists()


@pytest.mark.parametrize("role", ["volunteer", "observer", "referrer", "network_admin"])
def test_other_roles_cannot_record_a_withdrawal(client_as, make_person, role):
    person = make_person()
    response = client_as(role).post(f"/exploitation/consentement/{person.pk}/retrait/", {"confirmed": "1"})
    assert response.status_code == 404 and not ConsentWithdrawal.objects.exists()
