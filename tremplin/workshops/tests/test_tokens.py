"""The signed link: valid, tampered, expired, after the session start; cancelling frees the seat."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tremplin.workshops import services
from tremplin.workshops.models import Enrollment
from tremplin.workshops.tokens import InvalidToken, make_token, read_token

from .factories import EnrollmentFactory


@pytest.fixture
def full_session(session, people, mediator):
    enrollments = [services.enroll(mediator, session, person)[0] for person in people(3)]
    return session, enrollments


def url_for(enrollment):
    return reverse("workshops:respond", args=[make_token(enrollment)])


def test_the_token_holds_only_the_opaque_id(session, people):
    enrollment = EnrollmentFactory(session=session, beneficiary=people(1)[0])
    token = make_token(enrollment)
    assert read_token(token) == enrollment.pk
    assert str(enrollment.pk) not in token
    assert enrollment.beneficiary.first_name not in token


def test_a_tampered_token_is_refused(session, people):
    token = make_token(EnrollmentFactory(session=session, beneficiary=people(1)[0]))
    with pytest.raises(InvalidToken):
        read_token("A" + token[1:])


def test_the_link_page_changes_nothing_on_get(client, db, full_session):
    _session, (first, _second, _waiting) = full_session
    response = client.get(url_for(first))
    assert response.status_code == 200
    assert "Je ne pourrai pas venir" in response.content.decode()
    assert Enrollment.objects.get(pk=first.pk).status == "confirmed"


def test_cancelling_through_the_link_frees_the_seat_for_the_first_waiting(client, db, full_session, outbox):
    _session, (first, _second, waiting) = full_session
    response = client.post(url_for(first), {"action": "cancel"})
    assert response.status_code == 200
    assert Enrollment.objects.get(pk=first.pk).status == "cancelled"
    assert Enrollment.objects.get(pk=waiting.pk).status == "confirmed"
    assert "waitlist_promotion" in outbox.kinds(waiting.beneficiary)


def test_confirming_through_the_link_records_the_answer(client, db, full_session):
    _session, (first, *_rest) = full_session
    client.post(url_for(first), {"action": "confirm"})
    assert Enrollment.objects.get(pk=first.pk).confirmed_by_person_at is not None


def test_a_tampered_link_shows_the_expired_page(client, db, full_session):
    _session, (first, *_rest) = full_session
    response = client.post(url_for(first).replace("/r/", "/r/x"), {"action": "cancel"})
    assert response.status_code == 410
    assert Enrollment.objects.get(pk=first.pk).status == "confirmed"


def test_the_link_expires_when_the_session_starts(client, db, full_session):
    session, (first, *_rest) = full_session
    url = url_for(first)
    with time_machine.travel(session.starts_at + timedelta(minutes=1)):
        response = client.post(url, {"action": "cancel"})
    assert response.status_code == 410
    assert Enrollment.objects.get(pk=first.pk).status == "confirmed"


def test_an_old_link_expires_even_for_a_far_session(client, db, full_session):
    session, (first, *_rest) = full_session
    session.starts_at = timezone.now() + timedelta(days=400)
    session.ends_at = session.starts_at + timedelta(hours=2)
    session.save()
    url = url_for(first)
    with time_machine.travel(timezone.now() + timedelta(days=200)):
        response = client.get(url)
    assert response.status_code == 410
