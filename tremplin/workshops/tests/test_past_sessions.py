"""A past session reads "terminée" with its attendance, never "prévue" or free seats (agenda, session, course)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tremplin.workshops.models import Session

from .factories import EnrollmentFactory, SessionFactory


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def past_session(site, people):
    """Yesterday, 6 seats, 2 enrolled: one came, one did not (4 seats were left when it took place)."""
    start = timezone.now() - timedelta(days=1)
    session = SessionFactory(site=site, starts_at=start, ends_at=start + timedelta(hours=2), seats=6)
    came, missed = people(2)
    EnrollmentFactory(session=session, beneficiary=came, attendance="present")
    EnrollmentFactory(session=session, beneficiary=missed, attendance="absent")
    session.attendance_taken_at = start + timedelta(hours=2)
    session.save()
    return session


def test_a_past_session_page_says_finished_and_shows_attendance_not_free_seats(client_as, past_session):
    page = text(client_as("mediator").get(past_session.get_absolute_url()))

    assert "État terminée" in page
    assert "prévue" not in page
    assert "1 présent·e, 2 inscrit·es, 1 absent·e" in page
    assert "libre" not in page


def test_a_past_session_in_the_agenda_shows_attendance_not_free_seats(client_as, past_session, site):
    day = timezone.localdate(past_session.starts_at)
    monday = day - timedelta(days=day.weekday())
    url = reverse("workshops:agenda") + f"?espace={site.pk}&semaine={monday.isoformat()}"

    page = text(client_as("mediator").get(url))

    assert "terminée 1 présent·e, 2 inscrit·es, 1 absent·e" in page
    assert "places libres" not in page


def test_a_past_session_without_attendance_says_the_sheet_is_still_to_fill(client_as, site, people):
    start = timezone.now() - timedelta(days=2)
    session = SessionFactory(site=site, starts_at=start, ends_at=start + timedelta(hours=1), seats=4)
    EnrollmentFactory(session=session, beneficiary=people(1)[0])

    page = text(client_as("mediator").get(session.get_absolute_url()))

    assert "1 inscrit·e, émargement non fait" in page
    assert "libre" not in page


def test_a_coming_session_shows_its_free_seats_with_plurals(client_as, site, people):
    session = SessionFactory(site=site, seats=2)
    EnrollmentFactory(session=session, beneficiary=people(1)[0])

    page = text(client_as("mediator").get(session.get_absolute_url()))

    assert "État prévue" in page
    assert "1 place libre 1 inscrit·e sur 2 places" in page


def test_a_full_one_seat_session_reads_in_the_singular(client_as, site, people):
    session = SessionFactory(site=site, seats=1)
    EnrollmentFactory(session=session, beneficiary=people(1)[0])

    page = text(client_as("mediator").get(session.get_absolute_url()))

    assert "complet 1 inscrit·e sur 1 place" in page
    assert "0 libres" not in page


def test_the_session_state_follows_the_clock(site):
    now = timezone.now()
    running = SessionFactory(site=site, starts_at=now - timedelta(minutes=10), ends_at=now + timedelta(minutes=50))
    over = SessionFactory(site=site, starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1))
    coming = SessionFactory(site=site)
    cancelled = SessionFactory(site=site, status="cancelled")

    states = {s.pk: s.state for s in Session.objects.all()}

    expected = ["ongoing", "finished", "scheduled", "cancelled"]
    assert [states[s.pk] for s in (running, over, coming, cancelled)] == expected


def test_the_course_page_shows_attendance_for_its_past_sessions(client_as, past_session):
    from tremplin.workshops.models import Course

    course = Course.objects.create(site=past_session.site, workshop=past_session.workshop)
    past_session.course = course
    past_session.save()

    page = text(client_as("mediator").get(course.get_absolute_url()))

    assert "terminée 1 présent·e, 2 inscrit·es, 1 absent·e" in page
    assert "places libres" not in page
