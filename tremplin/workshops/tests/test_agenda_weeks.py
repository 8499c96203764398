"""The staff agenda never walks into empty weeks one click at a time: its links lead to the closest week before
and after that holds a session, none past the first or the last, and an empty week says so in one paragraph
(not a heading louder than the week's title), each of those weeks linked once."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from tremplin.workshops.agenda import neighbouring_weeks
from tremplin.workshops.models import Session, SessionStatus

from .factories import SessionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

# Mondays of 2027 (Lyon: Europe/Paris, UTC+1 in winter).
JAN_4, JAN_11, JAN_18, JAN_25, FEB_1 = (
    date(2027, 1, 4),
    date(2027, 1, 11),
    date(2027, 1, 18),
    date(2027, 1, 25),
    date(2027, 2, 1),
)


def at(day, hour=14):
    return datetime(day.year, day.month, day.day, hour - 1, tzinfo=UTC)  # `hour` in Lyon (UTC+1)


def agenda(client, site, monday):
    return client.get(reverse("workshops:agenda"), {"espace": site.pk, "semaine": monday.isoformat()})


def test_the_closest_weeks_with_a_session_are_found_on_each_side(site, other_site):
    SessionFactory(site=site, starts_at=at(JAN_4))
    SessionFactory(site=site, starts_at=at(date(2027, 1, 28)), status=SessionStatus.CANCELLED)  # shown, so counted
    SessionFactory(site=other_site, starts_at=at(JAN_11))  # another site's: not this agenda's
    sessions = Session.objects.filter(site=site)
    assert neighbouring_weeks(sessions, JAN_18, site) == (JAN_4, JAN_25)
    assert neighbouring_weeks(sessions, JAN_25, site) == (JAN_4, None)
    assert neighbouring_weeks(sessions, JAN_4, site) == (None, JAN_25)
    assert neighbouring_weeks(Session.objects.none(), JAN_4, site) == (None, None)


def test_a_week_is_the_sites_own_week(site):
    site.time_zone = "Indian/Reunion"  # UTC+4
    site.save(update_fields=["time_zone"])
    # Sunday 17 January, 22:00 UTC = Monday 18 January, 02:00 in Saint-Denis: the week of the 18th there.
    SessionFactory(site=site, starts_at=datetime(2027, 1, 17, 22, tzinfo=UTC))
    assert neighbouring_weeks(Session.objects.filter(site=site), JAN_4, site) == (None, JAN_18)


def test_an_empty_week_says_so_and_leads_to_the_next_week_with_sessions(client_as, site):
    SessionFactory(site=site, starts_at=at(JAN_4), workshop=WorkshopFactory(title="Avant"))
    SessionFactory(site=site, starts_at=at(FEB_1), workshop=WorkshopFactory(title="Après"))
    page = agenda(client_as("mediator"), site, JAN_18).content.decode()
    assert '<p class="agenda-empty">Aucune séance cette semaine.</p>' in page
    assert "Pas de séance." not in page  # not seven times the same line
    assert "<h2" not in page  # the week's title is the page's only title under « Agenda des ateliers »
    # The closest weeks with sessions, one link each (no second « Voir la semaine du … » to the same week).
    assert page.count(f"semaine={FEB_1.isoformat()}") == 1 and "Voir la semaine" not in page
    assert f'semaine={FEB_1.isoformat()}">Séances suivantes : semaine du 1er février 2027</a>' in page
    assert page.count(f"semaine={JAN_4.isoformat()}") == 1
    assert f'semaine={JAN_4.isoformat()}">Séances précédentes : semaine du 4 janvier 2027</a>' in page
    # Week by week stays possible (a manager plans empty weeks too): the plain links go one week each way.
    assert f'semaine={JAN_11.isoformat()}">Semaine précédente' in page
    assert f'semaine={JAN_25.isoformat()}">Semaine suivante' in page


def test_after_the_last_session_and_before_the_first_the_page_says_so_and_still_goes_week_by_week(client_as, site):
    SessionFactory(site=site, starts_at=at(JAN_11), workshop=WorkshopFactory(title="Seule séance"))
    page = agenda(client_as("mediator"), site, JAN_11).content.decode()
    assert "Seule séance" in page
    assert "Aucune séance planifiée après cette semaine" in page
    assert "Aucune séance avant cette semaine" in page
    assert f'semaine={JAN_18.isoformat()}">Semaine suivante' in page
    assert f'semaine={JAN_4.isoformat()}">Semaine précédente' in page
    after = agenda(client_as("mediator"), site, JAN_25).content.decode()
    assert "Aucune séance planifiée après cette semaine" in after and "Aucune séance cette semaine." in after
    assert after.count(f"semaine={JAN_11.isoformat()}") == 1  # the last week with sessions, linked once
    assert "Séances précédentes : semaine du 11 janvier 2027" in after and "Voir la semaine" not in after


def test_an_empty_week_next_to_one_with_sessions_links_it_once(client_as, site):
    SessionFactory(site=site, starts_at=at(JAN_18))
    page = agenda(client_as("mediator"), site, JAN_11).content.decode()
    assert "Aucune séance cette semaine." in page
    # « Semaine suivante » already leads there: no second link, no « Séances suivantes » line.
    assert page.count(f"semaine={JAN_18.isoformat()}") == 1 and "Séances suivantes" not in page
    assert "Aucune séance avant cette semaine" in page


def test_a_site_without_any_session_says_so(client_as, site):
    page = agenda(client_as("site_manager"), site, JAN_11).content.decode()
    assert '<p class="agenda-empty">Aucune séance n\'est planifiée dans cet espace.</p>' in page
    # Said once: not « Aucune séance avant / après cette semaine » on top of it.
    assert "Aucune séance cette semaine" not in page and "Aucune séance avant" not in page
    # Only the plain week-by-week links: no week "with sessions" to jump to.
    assert page.count('href="?espace=') == 2
    assert "Séances suivantes" not in page and "Séances précédentes" not in page


def test_busy_neighbouring_weeks_keep_the_plain_links(client_as, site):
    for monday in (JAN_4, JAN_11, JAN_18):
        SessionFactory(site=site, starts_at=at(monday))
    page = agenda(client_as("volunteer"), site, JAN_11).content.decode()
    assert "Semaine précédente" in page and f"semaine={JAN_4.isoformat()}" in page
    assert "Semaine suivante" in page and f"semaine={JAN_18.isoformat()}" in page
    assert "Aucune séance cette semaine" not in page


def test_the_links_follow_the_sites_sessions_only(client_as, site, other_site):
    SessionFactory(site=other_site, starts_at=at(FEB_1))
    page = agenda(client_as("mediator"), site, JAN_18).content.decode()
    assert f"semaine={FEB_1.isoformat()}" not in page  # another site's session is no reason to go there
