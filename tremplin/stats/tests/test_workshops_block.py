"""The workshops block, added up in SQL (one row per period): figures written by hand from its definition
(figures/workshops.workshop_figures), with enrolments of every status and attendance, a cancelled session and
sessions outside the period."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from tremplin.people.models import Beneficiary
from tremplin.stats import figures
from tremplin.stats.filters import Filters
from tremplin.stats.periods import Period
from tremplin.stats.scope import StatsScope

pytestmark = pytest.mark.django_db

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


def at(day, hour, minute=0):
    return timezone.make_aware(datetime(2026, 3, day, hour, minute))


@pytest.fixture
def sessions(site, other_site):
    """S1 2/03 10:00–11:30 at `site`, 6 seats: 3 present, 1 absent, 1 excused (confirmed), 1 cancelled enrolment
    (marked absent: not counted), 1 on the waiting list. S2 9/03 14:00–14:30 at `other_site`, 2 seats: 1 present.
    S3 16/03 cancelled, 10 seats, 1 present. S4 1/04 (after March), 4 seats, 1 present."""
    from tremplin.workshops.models import Enrollment
    from tremplin.workshops.tests.factories import SessionFactory

    people = [Beneficiary.objects.create(first_name="P", last_name=str(n), birth_year=1980) for n in range(7)]
    s1 = SessionFactory(site=site, starts_at=at(2, 10), ends_at=at(2, 11, 30), seats=6)
    s2 = SessionFactory(site=other_site, starts_at=at(9, 14), ends_at=at(9, 14, 30), seats=2)
    s3 = SessionFactory(site=site, starts_at=at(16, 10), ends_at=at(16, 12), seats=10, status="cancelled")
    s4 = SessionFactory(site=site, starts_at=at(31, 10) + timedelta(days=1), ends_at=at(31, 12) + timedelta(days=1))
    for person, status, attendance in zip(
        people,
        ("confirmed",) * 5 + ("cancelled", "waitlisted"),
        ("present", "present", "present", "absent", "excused", "absent", "unknown"),
        strict=True,
    ):
        position = 1 if status == "waitlisted" else None  # a place in the waiting list (a model constraint)
        Enrollment.objects.create(
            session=s1, beneficiary=person, status=status, attendance=attendance, position=position
        )
    for session in (s2, s3, s4):
        Enrollment.objects.create(session=session, beneficiary=people[0], status="confirmed", attendance="present")
    return {"site": site, "other_site": other_site}


def test_workshops_by_hand(sessions):
    block = figures.workshop_figures(StatsScope.network(), MARCH, Filters())
    found = {row.key: row.values[0] for row in block.figures}
    assert found == {
        "sessions": 2,  # S1, S2 (S3 cancelled, S4 in April)
        "seats": 8,
        "enrolled": 6,  # 5 confirmed at S1, 1 at S2
        "present": 4,
        "fill_rate": 75,  # 6 / 8
        "no_show_rate": 20,  # 1 absent / (4 present + 1 absent); excused is not a no-show
        "hours": 2.0,  # 90 + 30 minutes
        "person_hours": 5.0,  # 3 present × 90 + 1 × 30 = 300 minutes
    }
    one_site = figures.workshop_figures(StatsScope.for_sites([sessions["site"].pk]), MARCH, Filters())
    found = {row.key: row.values[0] for row in one_site.figures}
    assert (found["sessions"], found["hours"], found["person_hours"]) == (1, 1.5, 4.5)


def test_no_session(site):
    found = {row.key: row.values[0] for row in figures.workshop_figures(StatsScope.network(), MARCH, Filters()).figures}
    assert found == {
        "sessions": 0,
        "seats": 0,
        "enrolled": 0,
        "present": 0,
        "fill_rate": None,
        "no_show_rate": None,
        "hours": 0.0,
        "person_hours": 0.0,
    }


def test_microseconds_between_two_datetimes_is_exact(site):
    """common.Microseconds (SQL on both engines) against differences worked out by hand, with microseconds,
    across a second boundary and negative."""
    from django.db.models import F

    from tremplin.stats.figures.common import Microseconds
    from tremplin.workshops.models import Session
    from tremplin.workshops.tests.factories import SessionFactory

    cases = (
        (at(2, 10).replace(microsecond=250_000), at(2, 11, 30).replace(microsecond=1), 5_399_750_001),
        (at(3, 10).replace(microsecond=999_999), at(3, 10).replace(second=1), 1),
        (at(4, 10), at(4, 10).replace(microsecond=7), 7),
    )
    sessions = [SessionFactory(site=site, starts_at=start, ends_at=end) for start, end, _expected in cases]
    found = dict(
        Session.objects.filter(pk__in=[s.pk for s in sessions])
        .annotate(us=Microseconds(F("ends_at"), F("starts_at")))
        .values_list("pk", "us")
    )
    backwards = dict(
        Session.objects.filter(pk__in=[s.pk for s in sessions])
        .annotate(us=Microseconds(F("starts_at"), F("ends_at")))
        .values_list("pk", "us")
    )
    for session, (_start, _end, expected) in zip(sessions, cases, strict=True):
        assert found[session.pk] == expected
        assert backwards[session.pk] == -expected
