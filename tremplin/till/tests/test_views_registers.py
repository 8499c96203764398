"""Register pages: who may see and use them, opening with a counted float, the Z closure, training mode."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tremplin.till.models import Closure, JournalEvent, RegisterSession
from tremplin.till.services import sessions
from tremplin.till.templatetags.till import euros

from .factories import eligible_person, open_register, register_at, sell

pytestmark = pytest.mark.django_db

NO_TILL = ["volunteer", "referrer", "observer"]


@pytest.fixture
def register(site):
    return register_at(site)


def ok(response):
    assert response.status_code == 200, response.status_code
    assert b"!!INVALID" not in response.content
    return response.content.decode()


@pytest.mark.parametrize("role", ["network_admin", "site_manager", "mediator"])
def test_till_staff_see_the_list_and_the_register_page(client_as, register, role):
    client = client_as(role)
    assert register.name in ok(client.get(reverse("till:index")))
    assert register.full_code in ok(client.get(register.get_absolute_url()))


@pytest.mark.parametrize("role", NO_TILL)
def test_volunteers_referrers_and_observers_get_404_everywhere_on_register_pages(client_as, register, role):
    client = client_as(role)
    assert client.get(reverse("till:index")).status_code == 404
    assert client.get(register.get_absolute_url()).status_code == 404
    for name in ("till:open_session", "till:close_session", "till:training_mode"):
        assert client.post(reverse(name, args=[register.pk]), {"opening_float": "50"}).status_code == 404


def test_a_mediator_of_another_site_gets_404_for_this_register(client_as, register, other_site):
    client = client_as("mediator", at=other_site)
    assert client.get(register.get_absolute_url()).status_code == 404
    assert client.post(reverse("till:open_session", args=[register.pk]), {"opening_float": "50"}).status_code == 404


def test_the_national_team_sees_a_register_but_does_not_open_it(client_as, register):
    client = client_as("network_admin")
    assert client.post(reverse("till:open_session", args=[register.pk]), {"opening_float": "50"}).status_code == 404
    assert not RegisterSession.objects.exists()


@pytest.mark.parametrize(("typed", "cents"), [("50", 5000), ("50,00", 5000), ("50.5", 5050), ("1 234,5 €", 123450)])
def test_the_opening_float_is_typed_in_euros_the_french_way(client_as, register, typed, cents):
    client = client_as("mediator")
    response = client.post(reverse("till:open_session", args=[register.pk]), {"opening_float": typed})
    assert response.status_code == 302
    assert RegisterSession.objects.get().opening_float_cents == cents
    assert JournalEvent.objects.filter(kind="register_opened").count() == 1


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "Le montant ne peut pas être négatif."),
        ("cinquante", "Saisissez un montant en euros, par exemple 50 ou 12,50."),
        ("12,345", "Saisissez un montant en euros, par exemple 50 ou 12,50."),
        ("99999999", "Saisissez un montant en euros, par exemple 50 ou 12,50."),
    ],
)
def test_a_bad_opening_float_is_refused_next_to_the_field(client_as, register, typed, message):
    client = client_as("mediator")
    page = ok(client.post(reverse("till:open_session", args=[register.pk]), {"opening_float": typed}))
    assert message.replace("'", "&#x27;") in page
    assert not RegisterSession.objects.exists()


def test_closing_with_the_right_count_closes_the_day_and_shows_expected_after(client_as, site, make_user):
    mediator = make_user("mediator")
    register = open_register(site, mediator, float_cents=5000)
    client = client_as("mediator")
    page = ok(client.get(register.get_absolute_url()))
    assert "Montant attendu" not in page  # blind count: nothing to copy
    response = client.post(reverse("till:close_session", args=[register.pk]), {"counted_cash": "50"}, follow=True)
    page = ok(response)
    assert "Journée clôturée (Z n°1)" in page
    assert f"espèces attendues {euros(5000)}, comptées {euros(5000)}" in page
    closure = Closure.objects.get()
    assert closure.kind == "day" and closure.totals["cash"]["counted"] == 5000


def test_a_count_that_differs_shows_the_expected_amount_and_requires_an_explanation(client_as, site, make_user):
    mediator = make_user("mediator")
    register = open_register(site, mediator, float_cents=5000)
    client = client_as("mediator")
    page = ok(client.post(reverse("till:close_session", args=[register.pk]), {"counted_cash": "48,50"}))
    assert f"Montant attendu : {euros(5000)}. Écart : {euros(-150)}." in page
    assert "expliquez l&#x27;écart" in page
    assert not Closure.objects.exists()
    response = client.post(
        reverse("till:close_session", args=[register.pk]),
        {"counted_cash": "48,50", "explanation": "pièce de 2 € rendue en trop"},
    )
    assert response.status_code == 302
    session = RegisterSession.objects.get()
    assert session.status == "closed" and session.difference_cents == -150
    assert session.difference_explanation == "pièce de 2 € rendue en trop"


def test_a_day_left_open_is_shown_and_refuses_the_sale_screen(client_as, site, make_user):
    mediator = make_user("mediator")
    register = open_register(site, mediator, now=timezone.now() - timedelta(days=1))
    client = client_as("mediator")
    page = ok(client.get(register.get_absolute_url()))
    yesterday = sessions.local_date(site, timezone.now() - timedelta(days=1))
    assert f"La journée du {yesterday:%d/%m/%Y} n'est pas clôturée" in page
    response = client.get(reverse("till:sell", args=[register.pk]), follow=True)
    assert response.redirect_chain[-1][0] == register.get_absolute_url()
    assert "faites la clôture (Z) avant de vendre" in ok(response)


def test_a_site_manager_switches_training_mode_when_the_register_is_closed(client_as, register):
    client = client_as("site_manager")
    client.post(reverse("till:training_mode", args=[register.pk]), {"training": "1"})
    register.refresh_from_db()
    assert register.training_mode
    page = ok(client.get(register.get_absolute_url()))
    assert "FORMATION" in page
    assert JournalEvent.objects.filter(kind="training_on").count() == 1
    client.post(reverse("till:training_mode", args=[register.pk]), {"training": "0"})
    register.refresh_from_db()
    assert not register.training_mode
    assert JournalEvent.objects.filter(kind="training_off").count() == 1


def test_training_mode_cannot_change_while_a_session_is_open(client_as, site, make_user):
    manager = make_user("site_manager")
    register = open_register(site, manager)
    client = client_as("site_manager")
    response = client.post(reverse("till:training_mode", args=[register.pk]), {"training": "1"}, follow=True)
    assert "Clôturez la journée de la caisse avant de changer de mode." in ok(response)
    register.refresh_from_db()
    assert not register.training_mode


def test_a_mediator_cannot_switch_training_mode(client_as, register):
    client = client_as("mediator")
    assert client.post(reverse("till:training_mode", args=[register.pk]), {"training": "1"}).status_code == 404
    register.refresh_from_db()
    assert not register.training_mode


def test_the_register_page_lists_the_days_tickets(client_as, site, make_user):
    mediator = make_user("mediator")
    register = open_register(site, mediator)
    from tremplin.inventory.tests.factories import available_device

    sale = sell(register, mediator, eligible_person(site), devices=[available_device(site)]).sale
    page = ok(client_as("mediator").get(register.get_absolute_url()))
    assert sale.ticket_number in page
    assert euros(sale.total_cents) in page


def test_the_list_of_registers_takes_a_bounded_number_of_queries(
    client_as, site, make_user, django_assert_max_num_queries
):
    mediator = make_user("mediator")
    for code in ("C1", "C2", "C3", "C4"):
        open_register(site, mediator, code=code)
    client = client_as("mediator")
    with django_assert_max_num_queries(12):
        ok(client.get(reverse("till:index")))


def test_the_z_message_says_ticket_or_tickets_as_french_does(client_as, site, make_user):
    """One ticket: « 1 ticket, » — two: « 2 tickets, » (ngettext, never « ticket(s) »)."""
    from .factories import recharge_codes, recharge_product

    mediator = make_user("mediator")
    client = client_as("mediator")
    ten = recharge_product()
    recharge_codes(site, ten, 3)
    person = eligible_person(site)
    for code, tickets, word in (("C1", 1, "ticket"), ("C2", 2, "tickets")):
        register = open_register(site, mediator, code=code)
        for _n in range(tickets):
            sell(register, mediator, person, products=[ten])
        counted = sessions.expected_cash(sessions.open_session_of(register)) / 100
        response = client.post(reverse("till:close_session", args=[register.pk]), {"counted_cash": f"{counted:.2f}"})
        page = ok(client.get(response["Location"]))
        assert f"Journée clôturée (Z n°1) : {tickets} {word}, " in page
        assert "ticket(s)" not in page
