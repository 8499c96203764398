"""The commands: verify_cash_journal (exit code, French output, --register) and close_cash_periods."""

import zoneinfo
from datetime import date, datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tremplin.till.models import Closure, JournalEvent

from .factories import register_at
from .journal_helpers import as_attacker, build_journal, closed_day_at, raw_delete_sales

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def manager(make_user):
    return make_user("site_manager")


def test_verify_cash_journal_says_the_journal_is_intact(site, manager, capsys, django_capture_on_commit_callbacks):
    build_journal(site, manager, django_capture_on_commit_callbacks)
    call_command("verify_cash_journal")
    out = capsys.readouterr().out
    assert out.startswith("Journal de caisse intègre : 6 tickets, 2 clôtures")
    assert JournalEvent.objects.filter(kind="verification").count() == 1


def test_verify_cash_journal_exits_non_zero_and_names_the_first_broken_link_and_the_gaps(
    site, manager, capsys, django_capture_on_commit_callbacks
):
    register = build_journal(site, manager, django_capture_on_commit_callbacks)
    with as_attacker() as cursor:
        raw_delete_sales(cursor, register, [2, 3])
    with pytest.raises(SystemExit) as exit_:
        call_command("verify_cash_journal", "--register", "lyt-c1")
    assert exit_.value.code == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Journal de caisse ALTÉRÉ : 2 anomalies (")
    assert out[1] == (
        "Premier lien rompu — Caisse LYT-C1, ticket n°4 : lien rompu : "
        "l'empreinte précédente enregistrée ne correspond pas au ticket n°1"
    )
    assert out[2:4] == [
        "Trous dans la numérotation :",
        "  - Caisse LYT-C1, ticket n°2 : numéros manquants : ticket n°2 à 3",
    ]


def test_verify_cash_journal_refuses_an_unknown_register(db):
    with pytest.raises(CommandError, match="Caisse inconnue : XX-C9"):
        call_command("verify_cash_journal", "--register", "XX-C9")


def test_close_cash_periods_makes_every_due_month_then_the_year(
    site, make_user, manager, capsys, django_capture_on_commit_callbacks
):
    make_user("network_admin")
    register = register_at(site)
    year = timezone.localdate().year - 1
    closed_day_at(register, manager, datetime(year, 3, 3, 9, tzinfo=PARIS), django_capture_on_commit_callbacks, count=2)
    closed_day_at(register, manager, datetime(year, 5, 4, 9, tzinfo=PARIS), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("close_cash_periods")
    made = list(Closure.objects.filter(register=register).exclude(kind="day").order_by("number"))
    assert [(c.kind, c.period_start) for c in made] == [
        ("month", date(year, 3, 1)),
        ("month", date(year, 5, 1)),
        ("year", date(year, 1, 1)),
    ]
    assert made[-1].totals["tickets"] == 3
    assert "Caisse LYT-C1 : Clôture annuelle du 01/01/" in capsys.readouterr().out
    call_command("close_cash_periods")
    assert capsys.readouterr().out.strip() == "Aucune clôture mensuelle ou annuelle à faire."


def test_close_cash_periods_needs_an_account_to_sign(db):
    with pytest.raises(CommandError, match="Aucun compte actif"):
        call_command("close_cash_periods")
