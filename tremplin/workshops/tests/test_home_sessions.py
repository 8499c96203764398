"""A site worker's home page lists their sessions of today and the rest of the week (core.home_counts lists)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tremplin.core.home_counts import lists_for
from tremplin.core.roles import Role

from .factories import SessionFactory

PARIS = ZoneInfo("Europe/Paris")
WEDNESDAY_MORNING = datetime(2026, 12, 2, 9, 0, tzinfo=PARIS)


def at(day_offset, hour):
    start = (WEDNESDAY_MORNING + timedelta(days=day_offset)).replace(hour=hour)
    return {"starts_at": start, "ends_at": start + timedelta(hours=2)}


@pytest.fixture(autouse=True)
def wednesday():
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        yield


def session_list(user, role=Role.MEDIATOR):
    (sessions,) = [home_list for home_list in lists_for(user, role) if home_list.key == "sessions"]
    return sessions


def test_today_and_the_rest_of_the_week_are_listed_in_order(mediator, site):
    SessionFactory(site=site, workshop__title="Dimanche", **at(4, 10))
    SessionFactory(site=site, workshop__title="Ce matin", **at(0, 10))
    SessionFactory(site=site, workshop__title="Jeudi", **at(1, 14))

    items = session_list(mediator).items

    assert [(item.when, item.label) for item in items] == [
        ("Aujourd'hui", "10:00–12:00 Ce matin"),
        ("Jeudi 3 décembre", "14:00–16:00 Jeudi"),
        ("Dimanche 6 décembre", "10:00–12:00 Dimanche"),
    ]


def test_next_week_cancelled_sessions_and_other_sites_are_left_out(mediator, site, other_site):
    SessionFactory(site=site, **at(5, 10))  # next Monday
    SessionFactory(site=site, status="cancelled", **at(0, 14))
    SessionFactory(site=other_site, **at(0, 14))
    SessionFactory(site=site, **at(-1, 14))  # yesterday

    assert session_list(mediator).items == []


def test_a_session_the_user_leads_says_so_and_one_seat_reads_in_the_singular(mediator, site, people):
    from .factories import EnrollmentFactory

    session = SessionFactory(site=site, seats=4, **at(0, 14))
    session.facilitators.add(mediator)
    EnrollmentFactory(session=session, beneficiary=people(1)[0])

    (item,) = session_list(mediator).items

    assert "vous animez" in item.badges
    assert item.detail == "1 inscrit·e / 4"
    assert item.url == session.get_absolute_url()


def test_a_session_already_over_today_says_finished(mediator, site):
    SessionFactory(site=site, starts_at=WEDNESDAY_MORNING.replace(hour=7), ends_at=WEDNESDAY_MORNING.replace(hour=8))

    (item,) = session_list(mediator).items

    assert "terminée" in item.badges


def test_the_home_page_shows_the_list_with_a_link_to_the_agenda(mediator, site, login):
    SessionFactory(site=site, workshop__title="Premiers pas sur smartphone", **at(0, 14))

    page = login(mediator).get(reverse("core:home")).content.decode()

    assert "Mes séances aujourd&#x27;hui et cette semaine" in page
    assert "Premiers pas sur smartphone" in page
    assert reverse("workshops:agenda") in page


def test_a_referrer_and_an_observer_get_no_session_list(make_user):
    for role in (Role.REFERRER, Role.OBSERVER):
        assert [home_list for home_list in lists_for(make_user(role), role) if home_list.key == "sessions"] == []
