"""The « À appeler » list follows the channel each person asked for: it says why a call, and a message leaves
it (or joins it) when the person's record changes channel or gets a number that takes SMS."""

import pytest
from django.urls import reverse

from tremplin.notifications.models import Channel, Message
from tremplin.people.services import update_beneficiary

from .test_views import queue

pytestmark = pytest.mark.django_db


def test_each_row_says_why_a_call_from_the_channel_asked_for(client_as, make_person):
    queue(make_person(first_name="Appel", preferred_channel="phone"), "a")
    queue(make_person(first_name="Fixe", preferred_channel="sms", phone="+33472000000"), "b")  # a landline
    queue(make_person(first_name="Sansmail", preferred_channel="email", email=""), "c")
    queue(make_person(first_name="Mobile", preferred_channel="sms"), "d")  # takes SMS: not to call
    page = client_as("mediator").get(reverse("notifications:to_call")).content.decode()
    assert "Pourquoi un appel" in page
    assert "A choisi d&#x27;être appelé·e" in page or "A choisi d'être appelé·e" in page
    assert "A demandé les SMS, mais son numéro ne les reçoit pas (fixe)" in page
    assert "A demandé l&#x27;e-mail, mais la fiche n&#x27;a pas d&#x27;adresse" in page
    assert "Mobile Diallo" not in page


def test_a_queued_message_follows_the_person_to_the_channel_they_now_ask_for(make_person, make_user, site):
    person = make_person(preferred_channel="sms", phone="+33472000000")  # landline: on the call list
    message = queue(person, "a")
    assert message.channel == Channel.PHONE
    manager = make_user("site_manager")
    update_beneficiary(manager, person, phone="06 12 34 56 78")  # a mobile now: the SMS can leave
    message.refresh_from_db()
    assert message.channel == Channel.SMS and message.segments == 1
    assert not Message.objects.to_call().exists()
    update_beneficiary(manager, person, preferred_channel="phone")  # now asks for a call
    message.refresh_from_db()
    assert message.channel == Channel.PHONE and message.segments == 0
    assert list(Message.objects.to_call()) == [message]


def test_a_message_no_longer_queued_never_changes_channel(make_person, make_user):
    person = make_person(preferred_channel="phone")
    message = queue(person, "a")
    Message.objects.filter(pk=message.pk).update(status="cancelled")
    update_beneficiary(make_user("site_manager"), person, preferred_channel="sms")
    message.refresh_from_db()
    assert message.channel == Channel.PHONE
