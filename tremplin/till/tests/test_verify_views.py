"""The journal page: who may use it, the verification run from it, the closures, the Z report, period closures."""

import zoneinfo
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tremplin.inventory.services.devices import add_months
from tremplin.till.models import Closure, JournalEvent

from .factories import register_at
from .journal_helpers import as_attacker, build_journal, closed_day_at, sale_id

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def manager(make_user):
    return make_user("site_manager", full_name="Camille Martin")


@pytest.fixture
def register(site, manager, django_capture_on_commit_callbacks):
    return build_journal(site, manager, django_capture_on_commit_callbacks, days=((3,),))


@pytest.fixture
def other_register(other_site, make_user, django_capture_on_commit_callbacks):
    user = make_user("site_manager", at=other_site)
    return build_journal(other_site, user, django_capture_on_commit_callbacks, days=((1,),))


@pytest.mark.parametrize("role", ["mediator", "volunteer", "referrer", "observer"])
def test_only_site_managers_and_the_national_team_use_the_journal_pages(role, client_as, register):
    client = client_as(role)
    closure = Closure.objects.get(register=register)
    assert client.get(reverse("till:journal")).status_code == 404
    assert client.post(reverse("till:journal_verify")).status_code == 404
    assert client.get(reverse("till:journal_verify")).status_code == 404
    assert client.get(reverse("till:closure", args=[closure.pk])).status_code == 404
    assert client.post(reverse("till:journal_close_period"), {"register": register.pk}).status_code == 404
    assert not JournalEvent.objects.filter(kind="verification").exists()


def test_a_site_manager_sees_the_closures_of_the_sites_they_manage_only(login, manager, register, other_register):
    client = login(manager)
    page = client.get(reverse("till:journal")).content.decode()
    assert "LYT-C1 n°1" in page
    assert "GRT-C1" not in page
    other = Closure.objects.get(register=other_register)
    assert client.get(reverse("till:closure", args=[other.pk])).status_code == 404


def test_the_actions_only_accept_post(login, manager, register):
    client = login(manager)
    assert client.get(reverse("till:journal_verify")).status_code == 405
    assert client.get(reverse("till:journal_close_period")).status_code == 405


def test_the_national_team_sees_every_register(client_as, register, other_register):
    page = client_as("network_admin").get(reverse("till:journal")).content.decode()
    assert "LYT-C1 n°1" in page and "GRT-C1 n°1" in page


def test_the_journal_page_runs_a_bounded_number_of_queries(
    client_as, register, other_register, django_assert_max_num_queries
):
    client = client_as("network_admin")
    with django_assert_max_num_queries(30):
        assert client.get(reverse("till:journal")).status_code == 200


def test_running_the_verification_shows_the_result_and_records_it_in_the_jet(login, manager, register, other_register):
    client = login(manager)
    response = client.post(reverse("till:journal_verify"), follow=True)
    page = response.content.decode()
    assert "Journal de caisse intègre : 3 tickets, 1 clôture," in page
    event = JournalEvent.objects.get(kind="verification")
    assert event.actor == manager
    # A site manager's run covers the registers of their sites, not the others nor the network's JET.
    assert event.details["registers"] == ["LYT-C1"]
    assert event.details["events"] == 0


def test_a_broken_journal_is_shown_as_altered_with_its_first_broken_link(client_as, register):
    with as_attacker() as cursor:
        cursor.execute("UPDATE till_sale SET total_cents = 0 WHERE id = %s", [sale_id(cursor, register, 2)])
    page = client_as("network_admin").post(reverse("till:journal_verify"), follow=True).content.decode()
    assert "Journal de caisse ALTÉRÉ" in page
    assert "Premier lien rompu — Caisse LYT-C1, ticket n°2 : empreinte invalide" in page


def test_the_z_report_shows_the_totals_and_the_whole_closure_hash(login, manager, register):
    closure = Closure.objects.get(register=register)
    page = login(manager).get(reverse("till:closure", args=[closure.pk])).content.decode()
    assert "Rapport Z (clôture journalière)" in page
    assert closure.hash in page
    assert "3 (n°1 à 3)" in page
    assert "Espèces" in page and "3,00\u00a0€" in page


def test_a_site_manager_makes_a_due_monthly_closure_from_the_page(
    site, login, manager, django_capture_on_commit_callbacks
):
    register = register_at(site)
    last_month = add_months(timezone.localdate().replace(day=1), -1)
    closed_day_at(
        register,
        manager,
        datetime(last_month.year, last_month.month, 3, 9, tzinfo=PARIS),
        django_capture_on_commit_callbacks,
    )
    client = login(manager)
    page = client.get(reverse("till:journal")).content.decode()
    assert f"Clôturer le mois {last_month:%m/%Y} de la caisse LYT-C1" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("till:journal_close_period"),
            {"register": register.pk, "kind": "month", "start": last_month.isoformat()},
            follow=True,
        )
    month = Closure.objects.get(register=register, kind="month")
    assert month.period_start == last_month and month.created_by == manager
    assert f"empreinte {month.hash}" in response.content.decode()
    again = client.post(
        reverse("till:journal_close_period"),
        {"register": register.pk, "kind": "month", "start": last_month.isoformat()},
        follow=True,
    )
    assert "Cette période est déjà clôturée." in again.content.decode()


def test_a_site_manager_cannot_close_a_period_of_another_site(login, manager, other_register):
    response = login(manager).post(
        reverse("till:journal_close_period"), {"register": other_register.pk, "kind": "month", "start": "2020-01-01"}
    )
    assert response.status_code == 404
    assert not Closure.objects.filter(kind="month").exists()


def test_the_due_period_list_names_last_year_once_its_months_are_there(
    site, manager, django_capture_on_commit_callbacks
):
    from tremplin.till.services.periods import due_periods

    register = register_at(site)
    year = timezone.localdate().year - 1
    closed_day_at(register, manager, datetime(year, 3, 3, 9, tzinfo=PARIS), django_capture_on_commit_callbacks)
    due = due_periods(register)
    assert [(p.kind, p.start) for p in due] == [("month", date(year, 3, 1)), ("year", date(year, 1, 1))]


@pytest.mark.parametrize(("kind", "start"), [("month", "9999-12-01"), ("year", "9999-01-01"), ("month", "0001-01-01")])
def test_a_period_at_the_end_of_the_calendar_is_not_found(login, manager, register, kind, start):
    """December 9999 has no next month to end it (once a 500): the day must be in core.dates' range."""
    response = login(manager).post(
        reverse("till:journal_close_period"), {"register": register.pk, "kind": kind, "start": start}
    )
    assert response.status_code == 404
    assert not Closure.objects.exclude(kind="day").exists()
