"""The public pages read what they show, not every session of the network (issue #14, docs/performance.md)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tremplin.core.testing.factories import SiteFactory
from tremplin.public import queries
from tremplin.public.views import AGENDA_LIMIT
from tremplin.workshops.models import SessionStatus
from tremplin.workshops.tests.factories import SessionFactory, WorkshopFactory


def test_the_home_keeps_the_first_three_open_sessions_of_each_site_in_order(lyon, saint_etienne, in_days):
    lyon_sessions = [SessionFactory(site=lyon, starts_at=in_days(day)) for day in (5, 1, 3, 2, 4)]
    SessionFactory(site=lyon, starts_at=in_days(1, hour=8), status=SessionStatus.CANCELLED)  # takes no place
    SessionFactory(site=lyon, starts_at=in_days(1, hour=9), workshop=WorkshopFactory(kind="drop_in"))
    far = SessionFactory(site=saint_etienne, starts_at=in_days(29))  # past the 4 weeks
    near = SessionFactory(site=saint_etienne, starts_at=in_days(6))
    with CaptureQueriesContext(connection) as captured:
        found = queries.next_sessions_by_site([lyon.pk, saint_etienne.pk])
    assert len(captured) == 1
    assert "ROW_NUMBER" in captured[0]["sql"].upper()
    by_day = sorted(lyon_sessions, key=lambda session: session.starts_at)
    assert [session.pk for session in found[lyon.pk]] == [session.pk for session in by_day[:3]]
    assert [session.pk for session in found[saint_etienne.pk]] == [near.pk]
    assert far.pk not in {session.pk for sessions in found.values() for session in sessions}
    assert found[lyon.pk][0].confirmed_count == 0  # still annotated for "places libres"


def test_the_agenda_reads_at_most_its_limit_in_sql(client, lyon, in_days):
    SessionFactory(site=lyon, starts_at=in_days(1), workshop=WorkshopFactory(title="Le premier"))
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("public:agenda"))
    assert "Le premier" in page.content.decode()
    session_queries = [query["sql"] for query in captured if 'FROM "workshops_session"' in query["sql"]]
    assert session_queries and all(f"LIMIT {AGENDA_LIMIT}" in sql for sql in session_queries)


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
