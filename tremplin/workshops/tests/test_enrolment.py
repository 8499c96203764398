"""Enrolment rules: seats, waiting list, promotion, overlaps, already started, enrolled twice."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from tremplin.core.models import AccessLog
from tremplin.workshops import services
from tremplin.workshops.models import Enrollment, EnrollmentStatus

from .factories import EnrollmentFactory, SessionFactory


def test_enrolment_is_confirmed_while_seats_are_left_then_goes_to_the_waiting_list(session, people, mediator):
    first, second, third, fourth = people(4)
    assert services.enroll(mediator, session, first)[0].status == EnrollmentStatus.CONFIRMED
    assert services.enroll(mediator, session, second)[0].status == EnrollmentStatus.CONFIRMED
    waiting = services.enroll(mediator, session, third)[0]
    later = services.enroll(mediator, session, fourth)[0]
    assert (waiting.status, waiting.position) == (EnrollmentStatus.WAITLISTED, 1)
    assert (later.status, later.position) == (EnrollmentStatus.WAITLISTED, 2)
    assert Enrollment.objects.filter(session=session, status="confirmed").count() == session.seats


def test_enrolment_queues_a_confirmation_and_two_reminders(session, people, mediator, outbox):
    (person,) = people(1)
    enrollment = services.enroll(mediator, session, person)[0]
    assert outbox.kinds(person) == ["enrolment_confirmation", "reminder_2_days", "reminder_same_day"]
    reminder = outbox.queued[1]
    assert reminder["not_after"] == session.starts_at
    assert reminder["dedupe_key"].startswith(enrollment.dedupe_prefix())
    assert "/ateliers/r/" in reminder["action_url"]


def test_enrolment_writes_the_access_log_without_personal_data(session, people, mediator):
    (person,) = people(1)
    services.enroll(mediator, session, person)
    entry = AccessLog.objects.for_object(person).get()
    assert entry.actor == mediator
    assert person.first_name not in entry.reason


def test_nobody_is_enrolled_twice_in_a_session(session, people, mediator):
    (person,) = people(1)
    services.enroll(mediator, session, person)
    with pytest.raises(ValidationError, match="déjà inscrit"):
        services.enroll(mediator, session, person)


def test_a_waiting_person_is_told_they_are_already_waiting(session, people, mediator):
    a, b, c = people(3)
    for person in (a, b, c):
        services.enroll(mediator, session, person)
    with pytest.raises(ValidationError, match="liste d'attente"):
        services.enroll(mediator, session, c)


def test_the_database_refuses_a_second_active_enrolment(session, people):
    (person,) = people(1)
    EnrollmentFactory(session=session, beneficiary=person)
    with pytest.raises(IntegrityError):
        EnrollmentFactory(session=session, beneficiary=person)


def test_a_cancelled_enrolment_does_not_block_enrolling_again(session, people, mediator):
    (person,) = people(1)
    enrollment = services.enroll(mediator, session, person)[0]
    services.cancel_enrollment(enrollment, by=mediator)
    again = services.enroll(mediator, session, person)[0]
    assert again.status == EnrollmentStatus.CONFIRMED


def test_enrolment_is_refused_once_the_session_has_started(site, people, mediator):
    started = SessionFactory(site=site, starts_at=timezone.now() - timedelta(minutes=5))
    (person,) = people(1)
    with pytest.raises(ValidationError, match="déjà commencé"):
        services.enroll(mediator, started, person)


def test_enrolment_is_refused_in_a_cancelled_session(session, people, mediator):
    session.status = "cancelled"
    session.save()
    with pytest.raises(ValidationError, match="annulée"):
        services.enroll(mediator, session, people(1)[0])


def test_enrolment_is_refused_when_the_person_is_elsewhere_at_an_overlapping_time(session, site, people, mediator):
    (person,) = people(1)
    services.enroll(mediator, session, person)
    overlapping = SessionFactory(site=site, starts_at=session.starts_at + timedelta(hours=1))
    with pytest.raises(ValidationError, match="au même moment"):
        services.enroll(mediator, overlapping, person)
    right_after = SessionFactory(site=site, starts_at=session.ends_at)
    assert services.enroll(mediator, right_after, person)[0].status == EnrollmentStatus.CONFIRMED


def test_cancelling_a_confirmed_enrolment_promotes_the_first_waiting_person(session, people, mediator, outbox):
    a, b, c, d = people(4)
    first = services.enroll(mediator, session, a)[0]
    for person in (b, c, d):
        services.enroll(mediator, session, person)
    outbox.queued.clear()
    promoted = services.cancel_enrollment(first, by=mediator)
    assert [e.beneficiary for e in promoted] == [c]
    c_enrollment = Enrollment.objects.get(session=session, beneficiary=c)
    assert (c_enrollment.status, c_enrollment.position) == (EnrollmentStatus.CONFIRMED, None)
    assert outbox.kinds(c)[0] == "waitlist_promotion"
    assert first.dedupe_prefix() in outbox.cancelled_prefixes
    assert Enrollment.objects.get(session=session, beneficiary=d).status == EnrollmentStatus.WAITLISTED


def test_cancelling_a_waiting_enrolment_promotes_nobody(session, people, mediator):
    a, b, c = people(3)
    services.enroll(mediator, session, a)
    services.enroll(mediator, session, b)
    waiting = services.enroll(mediator, session, c)[0]
    assert services.cancel_enrollment(waiting, by=mediator) == []
    assert Enrollment.objects.filter(session=session, status="confirmed").count() == 2


def test_cancelling_twice_is_harmless(session, people, mediator):
    enrollment = services.enroll(mediator, session, people(1)[0])[0]
    services.cancel_enrollment(enrollment, by=mediator)
    assert services.cancel_enrollment(enrollment, by=mediator) == []


def test_enrolling_makes_the_session_site_follow_the_person(session, other_site, people, mediator):
    from .factories import BeneficiaryFactory

    person = BeneficiaryFactory(sites=[other_site])
    services.enroll(mediator, session, person)
    assert session.site in person.sites.all()
