"""The public pages read what they show, not every session of the network (issue #14, docs/performance.md)."""

from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tremplin.core.testing.factories import SiteFactory
from tremplin.public import queries
from tremplin.public.views import AGENDA_LIMIT
from tremplin.workshops.models import EnrollmentStatus, SessionStatus
from tremplin.workshops.tests.factories import EnrollmentFactory, SessionFactory, WorkshopFactory


def test_the_home_keeps_the_first_three_open_sessions_of_each_site_in_order(lyon, saint_etienne, in_days):
    lyon_sessions = [SessionFactory(site=lyon, starts_at=in_days(day), seats=4) for day in (5, 1, 3, 2, 4)]
    SessionFactory(site=lyon, starts_at=in_days(1, hour=8), status=SessionStatus.CANCELLED)  # takes no place
    SessionFactory(site=lyon, starts_at=in_days(1, hour=9), workshop=WorkshopFactory(kind="drop_in"))
    far = SessionFactory(site=saint_etienne, starts_at=in_days(29))  # past the 4 weeks
    near = SessionFactory(site=saint_etienne, starts_at=in_days(6))
    first = min(lyon_sessions, key=lambda session: session.starts_at)
    EnrollmentFactory(session=first)
    EnrollmentFactory(session=first)
    EnrollmentFactory(session=first, status=EnrollmentStatus.WAITLISTED, position=1)  # takes no seat
    with CaptureQueriesContext(connection) as captured:
        found = queries.next_sessions_by_site([lyon, saint_etienne])
    # One query picks each site's first three by its (site, start) index, one reads those sessions by id.
    assert len(captured) == 2
    assert 'FROM "network_site"' in captured[0]["sql"] and "LIMIT 1" in captured[0]["sql"]
    assert "ROW_NUMBER" not in captured[0]["sql"].upper()
    by_day = sorted(lyon_sessions, key=lambda session: session.starts_at)
    assert [session.pk for session in found[lyon.pk]] == [session.pk for session in by_day[:3]]
    assert [session.pk for session in found[saint_etienne.pk]] == [near.pk]
    assert far.pk not in {session.pk for sessions in found.values() for session in sessions}
    assert [session.seats_left for session in found[lyon.pk]] == [2, 4, 4]  # 4 seats, 2 confirmed
    assert found[lyon.pk][0].site is lyon  # the site the page read, not a copy per session


def test_the_home_reads_nothing_more_when_no_site_has_a_session(lyon, saint_etienne):
    with CaptureQueriesContext(connection) as captured:
        assert queries.next_sessions_by_site([lyon, saint_etienne]) == {}
    assert len(captured) == 1


def test_the_agenda_reads_at_most_its_limit_in_sql(client, lyon, in_days):
    SessionFactory(site=lyon, starts_at=in_days(1), workshop=WorkshopFactory(title="Le premier"))
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("public:agenda"))
    assert "Le premier" in page.content.decode()
    session_queries = [query["sql"] for query in captured if 'FROM "workshops_session"' in query["sql"]]
    # One grouped query tells which of the 8 weeks hold a session (the list of weeks), then the first chooses the
    # ids (LIMIT), the second reads those sessions by id with their counts.
    assert len(session_queries) == 3 and session_queries[0].startswith("SELECT DISTINCT CASE")
    session_queries = session_queries[1:]
    assert f"LIMIT {AGENDA_LIMIT + 1}" in session_queries[0]  # one page, and one more to know if a next exists
    assert '"workshops_session"."id" IN (' in session_queries[1]


def test_the_agenda_shows_the_first_sessions_in_order_with_their_seats_left(client, lyon, saint_etienne, in_days):
    sessions = [
        SessionFactory(site=site, starts_at=in_days(day), seats=3, workshop=WorkshopFactory(title=f"Atelier {day}"))
        for site, day in ((lyon, 4), (saint_etienne, 2), (lyon, 1), (saint_etienne, 3))
    ]
    EnrollmentFactory(session=sessions[1])  # day 2: 2 seats left
    for _ in range(3):
        EnrollmentFactory(session=sessions[2])  # day 1: full
    with mock.patch("tremplin.public.views.AGENDA_LIMIT", 3):
        shown = client.get(reverse("public:agenda")).context["sessions"]
    assert [session.workshop.title for session in shown] == ["Atelier 1", "Atelier 2", "Atelier 3"]
    assert [session.seats_left for session in shown] == [0, 2, 3]
    assert [session.site.code for session in shown] == ["GUI", "TAR", "TAR"]
    assert shown[0].site_url == reverse("public:site", args=[queries.site_slug(lyon)])
    assert shown[1].callback_url == ""  # Tarentaize takes no call-back requests from the public


def test_a_session_of_a_site_closed_meanwhile_is_left_out(lyon, saint_etienne, in_days):
    at_lyon = SessionFactory(site=lyon, starts_at=in_days(1))
    at_saint_etienne = SessionFactory(site=saint_etienne, starts_at=in_days(2))
    shown = queries.listed([at_lyon.pk, at_saint_etienne.pk], [lyon])
    assert [session.pk for session in shown] == [at_lyon.pk]


def test_a_week_starts_on_monday_midnight_in_each_site_s_own_zone(client, lyon, in_days):
    reunion = SiteFactory(name="Espace Saint-Denis", code="RUN", postal_code="97400", commune="Saint-Denis")
    assert reunion.time_zone == "Indian/Reunion"
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday()) + timedelta(days=14)
    at_reunion = ZoneInfo("Indian/Reunion")
    # Monday 0:30 at La Réunion is still Sunday evening in Paris: in the week at Réunion.
    SessionFactory(
        site=reunion,
        starts_at=datetime.combine(monday, datetime.min.time(), at_reunion) + timedelta(minutes=30),
        workshop=WorkshopFactory(title="Lundi matin à Saint-Denis"),
    )
    # Sunday 23:30 at La Réunion (Sunday evening in Paris too): the week before.
    SessionFactory(
        site=reunion,
        starts_at=datetime.combine(monday, datetime.min.time(), at_reunion) - timedelta(minutes=30),
        workshop=WorkshopFactory(title="Dimanche soir à Saint-Denis"),
    )
    # Monday 0:30 in Lyon: in the week; Sunday 23:30 in Lyon: not.
    paris = ZoneInfo("Europe/Paris")
    SessionFactory(
        site=lyon,
        starts_at=datetime.combine(monday, datetime.min.time(), paris) + timedelta(minutes=30),
        workshop=WorkshopFactory(title="Lundi matin à Lyon"),
    )
    SessionFactory(
        site=lyon,
        starts_at=datetime.combine(monday, datetime.min.time(), paris) - timedelta(minutes=30),
        workshop=WorkshopFactory(title="Dimanche soir à Lyon"),
    )
    page = client.get(reverse("public:agenda"), {"semaine": monday.isoformat()}).content.decode()
    assert "Lundi matin à Saint-Denis" in page and "Lundi matin à Lyon" in page
    assert "Dimanche soir à Saint-Denis" not in page and "Dimanche soir à Lyon" not in page


def test_the_agenda_goes_page_by_page_keeping_the_filters(client, lyon, saint_etienne, in_days):
    for day in range(1, 6):
        SessionFactory(site=lyon, starts_at=in_days(day), workshop=WorkshopFactory(title=f"Atelier {day}"))
    SessionFactory(site=saint_etienne, starts_at=in_days(1), workshop=WorkshopFactory(title="Ailleurs"))
    with mock.patch("tremplin.public.views.AGENDA_LIMIT", 2):
        first = client.get(reverse("public:agenda"), {"espace": lyon.code.lower()})
        second = client.get(reverse("public:agenda"), {"espace": lyon.code.lower(), "page": "2"})
        last = client.get(reverse("public:agenda"), {"espace": lyon.code.lower(), "page": "3"})
        junk = client.get(reverse("public:agenda"), {"espace": lyon.code.lower(), "page": "abc"})
    titles = lambda response: [session.workshop.title for session in response.context["sessions"]]  # noqa: E731
    assert titles(first) == ["Atelier 1", "Atelier 2"] and titles(junk) == titles(first)
    assert titles(second) == ["Atelier 3", "Atelier 4"]
    assert titles(last) == ["Atelier 5"]
    page = first.content.decode()
    assert "Ateliers 1 à 2" in page and f"?espace={lyon.code.lower()}&amp;page=2" in page.lower()
    assert "Ateliers précédents" not in page
    page = last.content.decode()
    assert "Ateliers 5 à 5" in page and "Ateliers suivants" not in page and "Ateliers précédents" in page


def test_a_site_page_shows_its_next_open_sessions_in_order_reading_only_those(client, lyon, saint_etienne, in_days):
    titled = lambda day, **fields: SessionFactory(  # noqa: E731
        site=fields.pop("site", lyon), starts_at=in_days(day), workshop=WorkshopFactory(title=f"Jour {day}"), **fields
    )
    for day in (6, 2, 5, 1, 4, 3):
        titled(day, seats=3)
    titled(7, status=SessionStatus.CANCELLED)  # not open
    titled(8, site=saint_etienne)  # another site
    titled(60)  # past the 8 weeks (56 days)
    SessionFactory(site=lyon, starts_at=in_days(1, hour=9), workshop=WorkshopFactory(kind="drop_in"))  # not public
    day_two = lyon.sessions.get(workshop__title="Jour 2")
    EnrollmentFactory(session=day_two)
    EnrollmentFactory(session=day_two, status=EnrollmentStatus.WAITLISTED, position=1)  # takes no seat
    with mock.patch("tremplin.public.views.SITE_PAGE_SESSIONS", 4), CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("public:site", args=[queries.site_slug(lyon)]))
    shown = response.context["sessions"]
    assert [session.workshop.title for session in shown] == ["Jour 1", "Jour 2", "Jour 3", "Jour 4"]
    assert [session.seats_left for session in shown] == [3, 2, 3, 3]
    assert all(session.site is response.context["site"] for session in shown)
    assert "2 places libres" in response.content.decode()
    session_queries = [query["sql"] for query in captured if 'FROM "workshops_session"' in query["sql"]]
    # The ids first (LIMIT, along the site's index), then those sessions by id with their counts.
    assert len(session_queries) == 2
    assert "LIMIT 4" in session_queries[0] and "COUNT" not in session_queries[0].upper()
    assert '"workshops_session"."id" IN (' in session_queries[1]
