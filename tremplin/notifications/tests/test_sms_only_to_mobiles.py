"""SMS go only to numbers that can receive one, in the GSM-7 text that is really sent."""

from datetime import datetime, timedelta

import pytest
import time_machine

from tremplin.notifications.models import Channel, Message, Status
from tremplin.notifications.services import queue_message, send_due_messages, to_gsm7

from .test_send_due_messages import PARIS, SESSION_START, queue_reminder

pytestmark = pytest.mark.django_db


def test_an_sms_for_a_landline_goes_to_the_call_list_when_queued(make_person, sms_outbox):
    # Stored before landlines were refused for SMS: 04 72 10 30 30 with "SMS" as preferred channel.
    person = make_person(phone="+33472103030", preferred_channel="sms")
    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=PARIS), tick=False):
        message = queue_reminder(person, due=SESSION_START - timedelta(days=2))
    assert message.channel == Channel.PHONE
    assert (message.encoding, message.segments) == ("", 0)
    assert Message.objects.to_call().filter(pk=message.pk).exists()


def test_a_number_changed_to_a_landline_since_queueing_is_routed_to_the_call_list(make_person, sms_outbox):
    person = make_person(phone="+33612345678", preferred_channel="sms")
    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=PARIS), tick=False):
        message = queue_reminder(person, due=SESSION_START - timedelta(days=2))
    assert message.channel == Channel.SMS
    # A Réunion landline, written without the record's save (saved, the message moves at once:
    # test_to_call_follows_the_channel.py); the send run is the safety net.
    type(person).objects.filter(pk=person.pk).update(phone="+262262123456")
    with time_machine.travel(SESSION_START - timedelta(days=2), tick=False):
        report = send_due_messages()
    message.refresh_from_db()
    assert report.to_call == 1
    assert (message.status, message.channel, message.last_error) == (Status.QUEUED, Channel.PHONE, "not_mobile")
    assert sms_outbox == []


def test_the_sms_keeps_the_euro_sign_and_counts_the_segments_of_what_is_sent(make_person, sms_outbox):
    person = make_person(phone="+262693123456", preferred_channel="sms")
    text = "Atelier « Box internet à 5 € » 🎉 jeudi 14h"
    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=PARIS), tick=False):
        message = queue_message(
            person,
            kind="reminder_2_days",
            subject="Rappel de votre atelier",
            body="Votre atelier a lieu jeudi.",
            sms_body=text,
            due_at=SESSION_START - timedelta(days=2),
            not_after=SESSION_START,
            dedupe_key="session:9:person:1:reminder_2_days",
        )
    assert message.sms_body == 'Atelier "Box internet à 5 €" jeudi 14h'
    assert (message.encoding, message.segments) == ("gsm7", 1)  # the emoji would have made it UCS-2
    with time_machine.travel(SESSION_START - timedelta(days=2), tick=False):
        send_due_messages()
    assert [(sms.to, sms.text) for sms in sms_outbox] == [("+262693123456", 'Atelier "Box internet à 5 €" jeudi 14h')]
    assert to_gsm7(sms_outbox[0].text) == sms_outbox[0].text
