from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tremplin.core.models import AccessLog
from tremplin.notifications.models import Channel, Message, Status
from tremplin.notifications.services import queue_message


def queue(person, key, *, site=None, **overrides):
    fields = {
        "kind": "reminder_same_day",
        "subject": "Rappel",
        "body": "Votre atelier a lieu ce matin à 10 h.",
        "sms_body": "Rappel : atelier ce matin 10h.",
        "due_at": timezone.now() - timedelta(minutes=5),
        "dedupe_key": key,
        "site": site,
    }
    fields.update(overrides)
    return queue_message(person, **fields)


@pytest.mark.django_db
class TestToCallList:
    def test_a_mediator_sees_the_people_of_their_site_to_call(self, client_as, make_person):
        queue(make_person(preferred_channel="phone"), "a")
        queue(make_person(first_name="Sms", preferred_channel="sms"), "b")
        response = client_as("mediator").get(reverse("notifications:to_call"))
        assert response.status_code == 200
        assert b"Awa Diallo" in response.content
        assert b"Sms Diallo" not in response.content

    def test_people_of_another_site_are_not_listed(self, client_as, make_person, other_site):
        queue(make_person(preferred_channel="phone", at=other_site), "a")
        response = client_as("mediator").get(reverse("notifications:to_call"))
        assert b"Awa Diallo" not in response.content

    def test_the_list_runs_a_bounded_number_of_queries(self, client_as, make_person, django_assert_max_num_queries):
        for number in range(30):
            queue(make_person(preferred_channel="phone"), f"k{number}")
        client = client_as("site_manager")
        with django_assert_max_num_queries(12):
            response = client.get(reverse("notifications:to_call"))
        assert len(response.context["page"]) == 25

    @pytest.mark.parametrize("role", ["volunteer", "referrer", "observer"])
    def test_other_roles_get_a_404(self, client_as, role):
        assert client_as(role).get(reverse("notifications:to_call")).status_code == 404

    def test_marking_a_message_as_passed_on_counts_it_sent_and_logs_it(self, client_as, make_person):
        message = queue(make_person(preferred_channel="phone"), "a")
        client = client_as("mediator")
        response = client.post(reverse("notifications:message_called", args=[message.uuid]))
        assert response.status_code == 302
        message.refresh_from_db()
        assert message.status == Status.SENT
        assert message.handled_by is not None
        assert AccessLog.objects.for_object(message.recipient).filter(action="update").exists()

    def test_marking_is_refused_on_get(self, client_as, make_person):
        message = queue(make_person(preferred_channel="phone"), "a")
        response = client_as("mediator").get(reverse("notifications:message_called", args=[message.uuid]))
        assert response.status_code == 405
        message.refresh_from_db()
        assert message.status == Status.QUEUED

    def test_a_message_of_another_site_cannot_be_marked(self, client_as, make_person, other_site):
        message = queue(make_person(preferred_channel="phone", at=other_site), "a")
        response = client_as("mediator").post(reverse("notifications:message_called", args=[message.uuid]))
        assert response.status_code == 404


@pytest.mark.django_db
class TestSmsStats:
    def sent_sms(self, person, key, site, segments):
        message = queue(person, key, site=site)
        Message.objects.filter(pk=message.pk).update(status=Status.SENT, sent_at=timezone.now(), segments=segments)
        return message

    def test_a_site_manager_sees_the_sms_and_segments_of_their_site(self, client_as, make_person, site, other_site):
        person = make_person()
        self.sent_sms(person, "a", site, 1)
        self.sent_sms(person, "b", site, 2)
        self.sent_sms(make_person(at=other_site), "c", other_site, 5)
        response = client_as("site_manager").get(reverse("notifications:sms_stats"))
        assert response.status_code == 200
        [row] = response.context["rows"]
        assert (row["site_id"], row["sms"], row["segments"]) == (site.pk, 2, 3)
        assert b"Espace Grenoble test" not in response.content

    def test_the_national_team_sees_every_site(self, client_as, make_person, site, other_site):
        self.sent_sms(make_person(), "a", site, 1)
        self.sent_sms(make_person(at=other_site), "c", other_site, 5)
        response = client_as("network_admin").get(reverse("notifications:sms_stats"))
        assert response.context["totals"] == {"sms": 2, "segments": 6}

    def test_emails_and_unsent_sms_are_not_counted(self, client_as, make_person, site):
        queue(make_person(), "queued", site=site)
        email = queue(make_person(preferred_channel="email"), "mail", site=site)
        Message.objects.filter(pk=email.pk).update(status=Status.SENT, sent_at=timezone.now())
        assert email.channel == Channel.EMAIL
        response = client_as("site_manager").get(reverse("notifications:sms_stats"))
        assert response.context["rows"] == []

    @pytest.mark.parametrize("role", ["mediator", "volunteer", "referrer", "observer"])
    def test_other_roles_get_a_404(self, client_as, role):
        assert client_as(role).get(reverse("notifications:sms_stats")).status_code == 404


@pytest.mark.django_db
class TestTimeline:
    def test_sent_messages_appear_on_the_persons_timeline(self, make_person, make_user):
        from tremplin.notifications.timeline import message_events

        person = make_person()
        sent = queue(person, "a")
        queue(person, "b")  # still queued: not shown
        Message.objects.filter(pk=sent.pk).update(status=Status.SENT, sent_at=timezone.now())
        events = list(message_events(person, make_user("mediator")))
        assert [(event.kind, event.detail) for event in events] == [("message", "Envoyé")]
        assert "Rappel le matin même" in events[0].title

    def test_staff_of_another_site_see_no_message(self, make_person, make_user, other_site):
        from tremplin.notifications.timeline import message_events

        person = make_person()
        sent = queue(person, "a")
        Message.objects.filter(pk=sent.pk).update(status=Status.SENT, sent_at=timezone.now())
        assert list(message_events(person, make_user("mediator", at=other_site))) == []


@pytest.mark.django_db
def test_messages_due_later_than_tomorrow_wait_before_being_listed(client_as, make_person):
    queue(make_person(preferred_channel="phone"), "later", due_at=timezone.now() + timedelta(days=3))
    response = client_as("mediator").get(reverse("notifications:to_call"))
    assert list(response.context["page"]) == []
    assert response.context["later"] == 1
    assert "1 autre message est prévu plus tard" in response.content.decode()


@pytest.mark.django_db
class TestFailedMessagesToCall:
    def failed_sms(self, person, site, **fields):
        message = queue(person, "failed", site=site, **fields)
        Message.objects.filter(pk=message.pk).update(status=Status.FAILED, last_error="brevo:http_400")
        return message

    def test_an_sms_that_failed_for_good_is_offered_to_the_call_list(self, client_as, make_person, site):
        self.failed_sms(make_person(), site)
        response = client_as("mediator").get(reverse("notifications:to_call"))
        assert "SMS en échec" in response.content.decode()

    def test_passing_it_on_by_telephone_does_not_count_as_an_sms(self, client_as, make_person, site):
        message = self.failed_sms(make_person(), site)
        client_as("mediator").post(reverse("notifications:message_called", args=[message.uuid]))
        message.refresh_from_db()
        assert (message.status, message.channel) == (Status.SENT, Channel.PHONE)
        assert not Message.objects.sms_sent().exists()

    def test_a_failed_reminder_past_its_deadline_is_not_offered(self, client_as, make_person, site):
        self.failed_sms(make_person(), site, not_after=timezone.now() + timedelta(minutes=1))
        Message.objects.update(
            not_after=timezone.now() - timedelta(minutes=1), due_at=timezone.now() - timedelta(hours=1)
        )
        response = client_as("mediator").get(reverse("notifications:to_call"))
        assert list(response.context["page"]) == []
