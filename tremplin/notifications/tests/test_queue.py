from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin.notifications.models import Channel, Message, Status
from tremplin.notifications.relays import register_relay
from tremplin.notifications.services import cancel_queued_messages, queue_message


def queue(person, key="session:1:person:1:reminder", **overrides):
    fields = {
        "kind": "reminder_2_days",
        "subject": "Rappel de votre atelier",
        "body": "Votre atelier a lieu jeudi à 14 h.",
        "sms_body": "Rappel : atelier jeudi 14h a Tremplin Lyon.",
        "due_at": timezone.now(),
        "not_after": timezone.now() + timedelta(days=2),
        "dedupe_key": key,
    }
    fields.update(overrides)
    return queue_message(person, **fields)


@pytest.mark.django_db
class TestQueueing:
    def test_a_message_is_queued_with_its_sms_segments(self, make_person, site):
        message = queue(make_person(), site=site)
        assert message.status == Status.QUEUED
        assert message.channel == Channel.SMS
        assert (message.encoding, message.segments) == ("gsm7", 1)
        assert message.site == site

    def test_queueing_the_same_key_twice_returns_the_first_message(self, make_person):
        person = make_person()
        first = queue(person)
        second = queue(person, body="Autre texte")
        assert second.pk == first.pk
        assert Message.objects.count() == 1
        assert Message.objects.get().body == "Votre atelier a lieu jeudi à 14 h."

    def test_a_sent_message_is_never_queued_again(self, make_person):
        person = make_person()
        first = queue(person)
        Message.objects.filter(pk=first.pk).update(status=Status.SENT, sent_at=timezone.now())
        again = queue(person)
        assert again.status == Status.SENT

    def test_cancel_queued_messages_cancels_only_pending_messages_with_the_prefix(self, make_person):
        person = make_person()
        queue(person, key="session:1:person:1:reminder_2_days")
        queue(person, key="session:1:person:1:reminder_same_day")
        sent = queue(person, key="session:1:person:1:confirmation")
        Message.objects.filter(pk=sent.pk).update(status=Status.SENT, sent_at=timezone.now())
        other = queue(person, key="session:12:person:1:reminder_2_days")
        assert cancel_queued_messages("session:1:") == 2
        other.refresh_from_db()
        sent.refresh_from_db()
        assert other.status == Status.QUEUED
        assert sent.status == Status.SENT

    def test_cancel_refuses_an_empty_prefix(self):
        with pytest.raises(ValueError):
            cancel_queued_messages("")

    def test_a_cancelled_message_comes_back_when_queued_again(self, make_person):
        person = make_person()
        first = queue(person)
        cancel_queued_messages("session:1:")
        again = queue(person, body="Nouvelle date")
        assert again.pk == first.pk
        assert again.status == Status.QUEUED
        assert again.body == "Nouvelle date"

    def test_nothing_is_queued_when_it_is_already_too_late(self, make_person):
        late = queue(make_person(), due_at=timezone.now() - timedelta(hours=2), not_after=timezone.now())
        assert late is None
        assert not Message.objects.exists()

    def test_nothing_is_queued_for_an_anonymised_person(self, make_person):
        assert queue(make_person(anonymised_at=timezone.now())) is None


@pytest.mark.django_db
class TestChannelChoice:
    def test_email_is_used_for_people_who_chose_it(self, make_person):
        assert queue(make_person(preferred_channel="email")).channel == Channel.EMAIL

    def test_people_who_chose_a_phone_call_go_to_the_call_list(self, make_person):
        message = queue(make_person(preferred_channel="phone"))
        assert message.channel == Channel.PHONE
        assert message.segments == 0

    def test_people_who_chose_their_referrer_get_it_through_the_registered_relay(self, make_person):
        register_relay(lambda person: "referente@ccas.example")
        assert queue(make_person(preferred_channel="referrer")).channel == Channel.REFERRER

    def test_without_a_relay_answer_the_referrer_choice_falls_back_to_the_call_list(self, make_person):
        register_relay(lambda person: None)
        assert queue(make_person(preferred_channel="referrer")).channel == Channel.PHONE

    def test_sms_without_a_phone_number_falls_back_to_the_call_list(self, make_person):
        assert queue(make_person(preferred_channel="sms", phone="")).channel == Channel.PHONE

    def test_a_merged_record_sends_to_the_record_it_was_merged_into(self, make_person):
        kept = make_person(preferred_channel="email")
        duplicate = make_person(merged_into=kept)
        assert queue(duplicate).recipient == kept


@pytest.mark.django_db
class TestKinds:
    def test_the_american_spelling_of_enrolment_is_understood(self, make_person):
        message = queue(make_person(), kind="enrollment_confirmation")
        assert message.kind == "enrolment_confirmation"
        assert message.get_kind_display() == "Confirmation d'inscription"

    def test_an_unknown_kind_is_stored_as_other(self, make_person):
        assert queue(make_person(), kind="newsletter").kind == "other"

    def test_a_window_that_closes_before_it_opens_queues_nothing(self, make_person):
        due = timezone.now() + timedelta(days=1)
        assert queue(make_person(), due_at=due, not_after=due) is None


def test_a_dedupe_key_longer_than_the_column_is_refused_before_the_database():
    with pytest.raises(ValueError):
        queue_message(None, kind="other", subject="", body="", sms_body="", due_at=None, dedupe_key="k" * 201)


@pytest.mark.django_db
def test_anonymising_a_person_cancels_their_pending_messages_and_erases_the_texts(make_person):
    from tremplin.people.models import Beneficiary
    from tremplin.people.signals import beneficiary_anonymised

    person = make_person()
    sent = queue(person, "a")
    Message.objects.filter(pk=sent.pk).update(status=Status.SENT, sent_at=timezone.now())
    pending = queue(person, "b", action_url="https://tremplin.example/r/x")
    beneficiary_anonymised.send(sender=Beneficiary, beneficiary=person, actor=None)
    sent.refresh_from_db()
    pending.refresh_from_db()
    assert (sent.status, pending.status) == (Status.SENT, Status.CANCELLED)
    assert (sent.body, sent.sms_body, pending.action_url) == ("", "", "")
    assert sent.kind == "reminder_2_days"
