"""The daily closure (Z) is refused while a ticket in progress at the register already holds payments.

Rule: the Z counts the day's tickets and the drawer; money taken for a ticket not cashed in would belong to no
day (and the paid ticket would still be there after reopening). The refusal names the ticket by who builds it,
when it was started and what it holds — no person's data — and says what to do: cash it in or abandon it.
"""

import html
import threading
import time
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from tremplin.inventory.tests.factories import available_device
from tremplin.till.models import Basket, Closure, RegisterSession
from tremplin.till.services import baskets, finalise, sessions
from tremplin.till.templatetags.till import euros

from .factories import eligible_person, open_register

pytestmark = pytest.mark.django_db

REFUSAL = (
    "Clôture impossible : le ticket commencé à {started} par {cashier} ({paid} déjà payés) n'est pas encaissé. "
    "Encaissez-le, ou abandonnez-le en rendant les paiements, puis clôturez la journée."
)


@pytest.fixture
def mediator(make_user):
    return make_user("mediator", full_name="Camille Martin")


@pytest.fixture
def register(site, mediator):
    return open_register(site, mediator)


def paid_ticket(register, cashier, site, amount=2000):
    basket = baskets.open_basket(register, cashier)
    baskets.set_person(basket, eligible_person(site))
    baskets.add_device(basket, available_device(site).asset_tag)  # 120 €
    baskets.add_payment(basket, "card", amount)
    return basket


def started(basket, register):
    return sessions.site_localtime(basket.created_at, register.site).strftime("%H:%M")


def close(register, actor, counted=5000):
    return sessions.close_session(sessions.open_session_of(register), actor, counted)


def test_the_z_is_refused_while_a_ticket_holds_payments_naming_it(site, register, mediator):
    basket = paid_ticket(register, mediator, site)
    with pytest.raises(ValidationError) as refused:
        close(register, mediator)
    assert refused.value.messages == [
        REFUSAL.format(started=started(basket, register), cashier="vous", paid=euros(2000))
    ]
    assert Closure.objects.count() == 0
    assert sessions.open_session_of(register) is not None


def test_a_colleagues_ticket_is_named_by_the_name_tickets_print(site, register, mediator, make_user):
    basket = paid_ticket(register, mediator, site)
    manager = make_user("site_manager", full_name="Nadia Benali")
    with pytest.raises(ValidationError) as refused:
        close(register, manager)
    assert refused.value.messages == [
        REFUSAL.format(started=started(basket, register), cashier="Camille", paid=euros(2000))
    ]
    assert "Diallo" not in refused.value.messages[0] and "Awa" not in refused.value.messages[0]


def test_once_cashed_in_the_day_closes_with_the_ticket(site, register, mediator):
    basket = paid_ticket(register, mediator, site)
    baskets.add_payment(basket, "cash", 10000)
    sale = finalise.cash_in(basket.token, mediator).sale
    closure = close(register, mediator, counted=5000 + 10000)
    assert closure.totals["tickets"] == 1 and closure.last_number == sale.number
    assert closure.total_cents == 12000


def test_a_ticket_left_open_without_payments_does_not_block_the_day(site, register, mediator):
    basket = paid_ticket(register, mediator, site)
    basket.payments.all().delete()  # a ticket still open, but nothing taken: it blocks nothing
    assert close(register, mediator).totals["tickets"] == 0


def test_the_register_page_says_it_and_keeps_the_count_blind(client_as, site, register, mediator):
    basket = paid_ticket(register, mediator, site)
    client = client_as("mediator")
    page = html.unescape(client.get(register.get_absolute_url()).content.decode())
    # Before the count, as the Z refusal will say it: which ticket, who holds it, what was paid.
    assert "Un ticket payé n'est pas encaissé : encaissez-le, ou abandonnez-le en rendant les paiements" in page
    assert f"Le ticket commencé à {started(basket, register)} par Camille ({euros(2000)} déjà payés)" in page
    assert "reprendre ce ticket" not in page  # a colleague's ticket: only they can take it up
    response = client.post(reverse("till:close_session", args=[register.pk]), {"counted_cash": "50"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Clôture impossible : le ticket commencé à" in page and "Encaissez-le, ou abandonnez-le" in page
    assert "Montant attendu" not in page  # the ticket's money will change it: count again afterwards
    assert RegisterSession.objects.get(register=register).status == "open"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_payment_during_the_closure_waits_for_it_then_is_refused(site, mediator):
    """The closure locks the session row; add_payment locks it too: the payment waits, then finds it closed."""
    register = open_register(site, mediator)
    basket = baskets.open_basket(register, mediator)
    baskets.set_person(basket, eligible_person(site))
    baskets.add_device(basket, available_device(site).asset_tag)
    in_closure, release = threading.Event(), threading.Event()
    real_expected_cash = sessions.expected_cash
    outcome = {}

    def slow_expected_cash(session):
        in_closure.set()  # the session row is locked now
        release.wait(10)
        return real_expected_cash(session)

    def closing():
        try:
            with mock.patch.object(sessions, "expected_cash", slow_expected_cash):
                outcome["closure"] = sessions.close_session(sessions.open_session_of(register), mediator, 5000)
        finally:
            connection.close()

    def paying():
        try:
            baskets.add_payment(Basket.objects.get(pk=basket.pk), "card", 2000)
            outcome["payment"] = "taken"
        except ValidationError as error:
            outcome["payment"] = error.messages
        finally:
            connection.close()

    closer = threading.Thread(target=closing)
    closer.start()
    assert in_closure.wait(10)
    payer = threading.Thread(target=paying)
    payer.start()
    time.sleep(0.5)
    assert payer.is_alive()  # waiting on the session row
    release.set()
    closer.join(10)
    payer.join(10)
    assert outcome["closure"].number == 1
    assert outcome["payment"] == ["La caisse est fermée : ouvrez-la avec le fond de caisse avant de vendre."]
    assert not basket.payments.exists()


def test_the_register_page_leads_the_cashier_back_to_their_own_paid_ticket(client, site, register, mediator):
    basket = paid_ticket(register, mediator, site, amount=1000)
    client.force_login(mediator, backend="allauth.account.auth_backends.AuthenticationBackend")
    page = html.unescape(client.get(register.get_absolute_url()).content.decode())
    assert f"Le ticket commencé à {started(basket, register)} par vous ({euros(1000)} déjà payés)" in page
    assert f'<a href="{reverse("till:sell", args=[register.pk])}">reprendre ce ticket</a>' in page
