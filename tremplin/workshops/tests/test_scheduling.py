"""Scheduling sessions, weekly series and courses; cancelling and moving a session."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tremplin.workshops import services
from tremplin.workshops.models import Enrollment, Session

from .factories import SessionFactory, WorkshopFactory


def _next_monday_at(hour):
    today = timezone.localdate()
    monday = today + timedelta(days=7 - today.weekday())
    return timezone.make_aware(timezone.datetime.combine(monday, timezone.datetime.min.time())) + timedelta(hours=hour)


def test_a_manager_schedules_a_session_with_the_catalogue_duration_and_seats(site, manager):
    workshop = WorkshopFactory(duration_minutes=90, default_seats=6)
    session = services.schedule_session(manager, site=site, workshop=workshop, starts_at=_next_monday_at(14))
    assert session.ends_at - session.starts_at == timedelta(minutes=90)
    assert session.seats == 6


def test_a_session_cannot_be_scheduled_in_the_past(site, manager):
    with pytest.raises(ValidationError, match="futur"):
        services.schedule_session(
            manager, site=site, workshop=WorkshopFactory(), starts_at=timezone.now() - timedelta(hours=1)
        )


def test_a_manager_cannot_schedule_at_another_site(other_site, manager):
    with pytest.raises(PermissionDenied):
        services.schedule_session(manager, site=other_site, workshop=WorkshopFactory(), starts_at=_next_monday_at(10))


def test_a_weekly_series_keeps_the_same_local_time_every_week(site, manager):
    sessions = services.schedule_weekly_series(
        manager, site=site, workshop=WorkshopFactory(), first_starts_at=_next_monday_at(14), weeks=10
    )
    assert len(sessions) == 10
    assert {timezone.localtime(s.starts_at).hour for s in sessions} == {14}
    assert {timezone.localtime(s.starts_at).weekday() for s in sessions} == {0}


def test_a_course_is_scheduled_with_all_its_sessions(site, manager):
    workshop = WorkshopFactory(kind="course", session_count=5)
    starts = [_next_monday_at(10) + timedelta(days=7 * i) for i in range(5)]
    course = services.schedule_course(manager, site=site, workshop=workshop, starts=starts, label="Groupe A")
    assert course.sessions.count() == 5


def test_enrolling_in_a_course_enrols_in_every_upcoming_session(site, manager, mediator, people):
    workshop = WorkshopFactory(kind="course", session_count=3, default_seats=1)
    starts = [_next_monday_at(10) + timedelta(days=7 * i) for i in range(3)]
    course = services.schedule_course(manager, site=site, workshop=workshop, starts=starts)
    first, second = people(2)
    assert {e.status for e in services.enroll(mediator, course, first)} == {"confirmed"}
    assert {e.status for e in services.enroll(mediator, course, second)} == {"waitlisted"}


def test_cancelling_a_session_tells_everyone_enrolled_or_waiting(session, manager, mediator, people, outbox):
    a, b, c = people(3)
    for person in (a, b, c):
        services.enroll(mediator, session, person)
    outbox.queued.clear()
    services.cancel_session(manager, session, reason="Formateur malade")
    session.refresh_from_db()
    assert session.is_cancelled
    assert sorted(outbox.kinds()) == ["cancellation"] * 3
    assert len(outbox.cancelled_prefixes) == 3
    with pytest.raises(ValidationError, match="déjà annulée"):
        services.cancel_session(manager, session)


def test_moving_a_session_tells_everyone_the_new_time_and_moves_the_reminders(
    session, manager, mediator, people, outbox
):
    (person,) = people(1)
    services.enroll(mediator, session, person)
    outbox.queued.clear()
    new_start = session.starts_at + timedelta(days=7)
    services.move_session(manager, session, starts_at=new_start)
    session.refresh_from_db()
    assert session.starts_at == new_start
    assert session.ends_at - session.starts_at == timedelta(hours=2)
    assert outbox.kinds(person) == ["move", "reminder_2_days", "reminder_same_day"]
    assert "au lieu du" in outbox.queued[0]["body"]
    assert all(m["not_after"] == new_start for m in outbox.queued[1:])


def test_a_started_session_cannot_be_moved(site, manager):
    started = SessionFactory(site=site, starts_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="déjà commencé"):
        services.move_session(manager, started, starts_at=timezone.now() + timedelta(days=1))


def test_the_database_refuses_a_session_ending_before_it_starts(site):
    from django.db import IntegrityError

    start = timezone.now() + timedelta(days=1)
    with pytest.raises(IntegrityError):
        Session.objects.create(site=site, workshop=WorkshopFactory(), starts_at=start, ends_at=start, seats=3)


def test_cancelled_session_enrolments_keep_their_history(session, manager, mediator, people):
    services.enroll(mediator, session, people(1)[0])
    services.cancel_session(manager, session)
    assert Enrollment.objects.filter(session=session, status="confirmed").count() == 1
