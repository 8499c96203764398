"""Attendance sheet service: marks, walk-ins, the signal for the activities room."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.workshops import services
from tremplin.workshops.models import Enrollment
from tremplin.workshops.signals import attendance_recorded

from .factories import EnrollmentFactory, SessionFactory


@pytest.fixture
def today_session(site):
    start = timezone.now() - timedelta(minutes=30)
    return SessionFactory(site=site, starts_at=start, seats=3)


def test_attendance_records_marks_and_signals_who_was_present(today_session, people, make_user):
    volunteer = make_user("volunteer")
    a, b, c = people(3)
    ea = EnrollmentFactory(session=today_session, beneficiary=a)
    eb = EnrollmentFactory(session=today_session, beneficiary=b)
    ec = EnrollmentFactory(session=today_session, beneficiary=c)
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    attendance_recorded.connect(listener)
    try:
        present = services.record_attendance(
            volunteer, today_session, {str(ea.pk): "present", str(eb.pk): "absent", str(ec.pk): "excused"}
        )
    finally:
        attendance_recorded.disconnect(listener)
    assert present == [a]
    assert received[0]["session"] == today_session
    assert received[0]["present"] == [a]
    assert received[0]["actor"] == volunteer
    assert Enrollment.objects.get(pk=eb.pk).attendance == "absent"
    today_session.refresh_from_db()
    assert today_session.attendance_taken_at is not None


def test_a_walk_in_is_added_as_present(today_session, people, mediator):
    (walker,) = people(1)
    present = services.record_attendance(mediator, today_session, {}, walk_ins=[walker])
    assert present == [walker]
    assert Enrollment.objects.get(session=today_session, beneficiary=walker).is_walk_in


def test_a_walk_in_cannot_exceed_the_seats(today_session, people, mediator):
    for person in people(3):
        EnrollmentFactory(session=today_session, beneficiary=person)
    with pytest.raises(ValidationError, match="complète"):
        services.record_attendance(mediator, today_session, {}, walk_ins=people(1))


def test_attendance_is_not_open_before_the_day_of_the_session(session, mediator):
    with pytest.raises(ValidationError, match="jour de la séance"):
        services.record_attendance(mediator, session, {})


def test_unknown_marks_are_ignored(today_session, people, mediator):
    enrollment = EnrollmentFactory(session=today_session, beneficiary=people(1)[0])
    services.record_attendance(mediator, today_session, {str(enrollment.pk): "dancing", "not-an-id": "present"})
    assert Enrollment.objects.get(pk=enrollment.pk).attendance == "unknown"
