"""The public agenda's weeks: the list of weeks marks those without any workshop (same site, same theme) and keeps
them from being picked; a week without any workshop, asked by its address, says so and leads to the next week that
has one, never to another empty week. Which weeks hold a workshop is one query for all of them."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tremplin.core.testing.factories import SiteFactory
from tremplin.public import queries
from tremplin.workshops.models import SessionStatus
from tremplin.workshops.tests.factories import SessionFactory, WorkshopFactory

from .test_pages import text_of

pytestmark = pytest.mark.django_db

# Wednesday 2 December 2026, 10:00 in Lyon: the agenda's weeks start on Mondays 30 November … 18 January.
NOW = datetime(2026, 12, 2, 9, tzinfo=UTC)


@pytest.fixture(autouse=True)
def wednesday():
    with time_machine.travel(NOW, tick=False):
        yield


def lyon_at(month, day, hour=14):
    return datetime(2026, month, day, hour - 1, tzinfo=UTC)  # `hour` in Lyon (UTC+1 in winter)


def agenda(client, **query):
    return client.get(reverse("public:agenda"), query)


def test_an_empty_week_leads_to_the_next_week_with_a_workshop_there(client, lyon, saint_etienne):
    SessionFactory(site=saint_etienne, starts_at=lyon_at(12, 9))  # another site, an earlier week
    SessionFactory(site=lyon, starts_at=lyon_at(12, 15), status=SessionStatus.CANCELLED)  # not open: no reason
    SessionFactory(site=lyon, starts_at=lyon_at(12, 30), workshop=WorkshopFactory(title="Atelier du 30"))
    response = agenda(client, espace="gui", semaine="2026-12-07")
    page, html = text_of(response), response.content.decode()
    assert "Aucun atelier la semaine du lundi 7 décembre." in page
    assert "Voir la semaine du lundi 28 décembre, la prochaine avec des ateliers" in page
    assert 'href="?espace=gui&amp;semaine=2026-12-28"' in html
    assert "Atelier du 30" in text_of(agenda(client, espace="gui", semaine="2026-12-28"))


def test_the_first_of_the_month_reads_1er(client, lyon):
    with time_machine.travel(datetime(2027, 1, 6, 9, tzinfo=UTC), tick=False):  # weeks from 4 January
        SessionFactory(site=lyon, starts_at=datetime(2027, 2, 3, 13, tzinfo=UTC))
        page = text_of(agenda(client, semaine="2027-01-11"))
    assert "Voir la semaine du lundi 1er février, la prochaine avec des ateliers" in page


def test_the_next_week_keeps_the_theme(client, lyon):
    SessionFactory(site=lyon, starts_at=lyon_at(12, 16), workshop=WorkshopFactory(thematiques=["email"]))
    SessionFactory(
        site=lyon, starts_at=lyon_at(12, 23), workshop=WorkshopFactory(thematiques=["prendre_en_main_du_materiel"])
    )
    html = agenda(client, thematique="prendre_en_main_du_materiel", semaine="2026-12-07").content.decode()
    assert "semaine=2026-12-21" in html and "semaine=2026-12-14" not in html


def test_nothing_after_says_so_and_offers_every_week(client, lyon):
    SessionFactory(site=lyon, starts_at=lyon_at(12, 9))
    SessionFactory(site=lyon, starts_at=datetime(2027, 2, 2, 13, tzinfo=UTC))  # past the agenda's 8 weeks
    response = agenda(client, espace="gui", semaine="2026-12-14")
    assert "Aucun atelier la semaine du lundi 14 décembre." in text_of(response)
    assert "Aucun atelier n'est encore annoncé dans les semaines suivantes." in text_of(response)
    assert 'href="?espace=gui"' in response.content.decode()


def test_a_week_is_each_sites_own_week(client, lyon):
    reunion = SiteFactory(name="Espace Saint-Denis", code="RUN", postal_code="97400", commune="Saint-Denis")
    # Sunday 13 December, 20:30 UTC: still the week of the 7th in Paris, Monday 14th 0:30 at La Réunion.
    SessionFactory(site=reunion, starts_at=datetime(2026, 12, 13, 20, 30, tzinfo=UTC))
    html = agenda(client, espace="run", semaine="2026-12-07").content.decode()
    assert "Aucun atelier la semaine" in html and "semaine=2026-12-14" in html


def test_the_weeks_with_sessions_are_found_in_one_grouped_query(lyon, saint_etienne):
    SessionFactory(site=lyon, starts_at=lyon_at(12, 30))
    SessionFactory(site=lyon, starts_at=lyon_at(12, 31))
    SessionFactory(site=saint_etienne, starts_at=lyon_at(12, 15))
    SessionFactory(site=saint_etienne, starts_at=lyon_at(12, 20, hour=23))  # Sunday 23:00: still the week of the 14th
    mondays = [datetime(2026, 12, day).date() for day in (14, 21, 28)]
    sessions = queries.open_sessions()
    with CaptureQueriesContext(connection) as captured:
        assert queries.weeks_with_sessions(sessions, mondays, [lyon, saint_etienne]) == {mondays[0], mondays[2]}
    assert len(captured) == 1 and "SELECT DISTINCT CASE" in captured[0]["sql"] and "EXISTS" not in captured[0]["sql"]
    assert queries.weeks_with_sessions(sessions, [], [lyon]) == set()


def test_each_site_counts_in_its_own_zones_weeks(lyon):
    reunion = SiteFactory(name="Espace Saint-Denis", code="RUN", postal_code="97400", commune="Saint-Denis")
    # Sunday 20 December, 20:30 UTC: Monday 21st, 0:30 at La Réunion (its week of the 21st), Sunday evening in Lyon.
    SessionFactory(site=reunion, starts_at=datetime(2026, 12, 20, 20, 30, tzinfo=UTC))
    SessionFactory(site=lyon, starts_at=datetime(2026, 12, 27, 22, 30, tzinfo=UTC))  # Sunday 23:30 in Lyon
    mondays = [datetime(2026, 12, day).date() for day in (14, 21, 28)]
    found = queries.weeks_with_sessions(queries.open_sessions(), mondays, [lyon, reunion])
    assert found == {mondays[1]}  # Réunion's Monday 21st and Lyon's Sunday 27th: both the week of the 21st


def test_the_page_asks_the_same_queries_however_many_weeks_are_full(client, lyon):
    def queries_of_the_page():
        with CaptureQueriesContext(connection) as captured:
            agenda(client)
        return [query["sql"] for query in captured]

    SessionFactory(site=lyon, starts_at=lyon_at(12, 9))
    one_week = queries_of_the_page()
    for day in (16, 23, 30):
        SessionFactory(site=lyon, starts_at=lyon_at(12, day))
    four_weeks = queries_of_the_page()
    assert len(four_weeks) == len(one_week)
    weeks_query = [sql for sql in four_weeks if "CASE" in sql]
    assert len(weeks_query) == 1 and weeks_query[0].count(" WHEN ") == 8  # the agenda's 8 weeks, one query


def test_an_empty_week_asks_nothing_more_than_a_full_one(client, lyon):
    SessionFactory(site=lyon, starts_at=lyon_at(12, 9), workshop=WorkshopFactory(title="Cette semaine"))
    with CaptureQueriesContext(connection) as full:
        page = text_of(agenda(client, semaine="2026-12-07"))
    assert "Cette semaine" in page and "Aucun atelier la semaine" not in page
    with CaptureQueriesContext(connection) as empty:
        page = text_of(agenda(client, semaine="2026-12-14"))
    assert "Aucun atelier la semaine du lundi 14 décembre." in page
    # The next full week comes from the list's own query of the weeks, not from another one (and no session is
    # read by id: one query fewer than the full week).
    assert len(empty) == len(full) - 1 and sum("CASE" in query["sql"] for query in empty) == 1


def week_options(html):
    """{value: (label, disabled)} of the « Semaine » list, in its order."""
    select = re.search(r'<select name="semaine"[^>]*>(.*?)</select>', html, re.S).group(1)
    return {
        value: (label.strip(), " disabled" in attrs)
        for value, attrs, label in re.findall(r'<option value="([^"]*)"([^>]*)>([^<]*)</option>', select)
    }


def test_the_list_of_weeks_marks_the_weeks_without_any_workshop(client, lyon, saint_etienne):
    SessionFactory(site=lyon, starts_at=lyon_at(12, 9))
    SessionFactory(site=saint_etienne, starts_at=lyon_at(12, 16))
    SessionFactory(site=lyon, starts_at=lyon_at(12, 17), status=SessionStatus.CANCELLED)  # not open
    SessionFactory(site=lyon, starts_at=lyon_at(12, 2, hour=9))  # this week, but started an hour ago: not open
    options = week_options(agenda(client).content.decode())
    assert options[""] == ("Toutes les semaines", False)
    assert options["2026-12-07"] == ("semaine du lundi 7 décembre", False)
    assert options["2026-12-14"] == ("semaine du lundi 14 décembre", False)
    empty = ["2026-11-30", "2026-12-21", "2026-12-28", "2027-01-04", "2027-01-11", "2027-01-18"]
    assert [value for value, (_label, disabled) in options.items() if disabled] == empty
    assert options["2026-12-21"] == ("semaine du lundi 21 décembre (aucun atelier)", True)
    # With a site chosen, its own weeks: Tarentaize has nothing the week of the 7th.
    options = week_options(agenda(client, espace="tar").content.decode())
    assert options["2026-12-07"] == ("semaine du lundi 7 décembre (aucun atelier)", True)
    assert options["2026-12-14"] == ("semaine du lundi 14 décembre", False)


def test_the_list_of_weeks_follows_the_theme(client, lyon):
    SessionFactory(site=lyon, starts_at=lyon_at(12, 9), workshop=WorkshopFactory(thematiques=["email"]))
    SessionFactory(
        site=lyon, starts_at=lyon_at(12, 16), workshop=WorkshopFactory(thematiques=["prendre_en_main_du_materiel"])
    )
    options = week_options(agenda(client, thematique="email").content.decode())
    assert not options["2026-12-07"][1] and options["2026-12-14"][1]


def test_the_empty_week_shown_stays_chosen_in_the_list(client, lyon):
    SessionFactory(site=lyon, starts_at=lyon_at(12, 30))
    html = agenda(client, semaine="2026-12-07").content.decode()
    assert '<option value="2026-12-07" selected>semaine du lundi 7 décembre (aucun atelier)</option>' in html
    assert week_options(html)["2026-12-14"][1]  # the others without a workshop cannot be picked


def test_a_page_past_the_end_of_a_busy_week_is_not_an_empty_week(client, lyon):
    SessionFactory(site=lyon, starts_at=lyon_at(12, 9))
    page = text_of(agenda(client, semaine="2026-12-07", page="3"))
    assert "Aucun atelier la semaine" not in page
