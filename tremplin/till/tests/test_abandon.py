"""« Abandonner ce ticket »: a ticket already holding payments is abandoned only once confirmed.

Rule: the card terminal has charged, or the cash is in the drawer; dropping the ticket silently loses the trace
of what must be given back. Without `confirm=1` (a plain form, no JavaScript needed) the till answers a page
naming the payments to give back and changes nothing; with it, the ticket goes and a message says so.
"""

import pytest
from django.urls import reverse

from tremplin.inventory.tests.factories import available_device
from tremplin.till.models import Basket
from tremplin.till.services import baskets
from tremplin.till.templatetags.till import euros

from .factories import eligible_person, open_register
from .test_views_sale import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(make_user):
    return make_user("mediator", full_name="Camille Martin")


@pytest.fixture
def register(site, mediator):
    return open_register(site, mediator)


def paid_basket(register, mediator, site):
    basket = baskets.open_basket(register, mediator)
    baskets.set_person(basket, eligible_person(site))
    baskets.add_device(basket, available_device(site).asset_tag)  # 120 €
    baskets.add_payment(basket, "card", 2000)
    baskets.add_payment(basket, "cash", 1000)
    return basket


def test_the_service_keeps_a_paid_ticket_until_confirmed(site, register, mediator):
    basket = paid_basket(register, mediator, site)
    abandoned = baskets.abandon(register, mediator)
    assert not abandoned.dropped and abandoned.total_cents == 3000
    assert [(p.method, p.amount_cents) for p in abandoned.payments] == [("card", 2000), ("cash", 1000)]
    assert Basket.objects.filter(pk=basket.pk).exists()
    abandoned = baskets.abandon(register, mediator, confirmed=True)
    assert abandoned.dropped and abandoned.total_cents == 3000
    assert not Basket.objects.filter(pk=basket.pk).exists()


def test_an_unpaid_ticket_is_abandoned_at_once(site, register, mediator):
    basket = baskets.open_basket(register, mediator)
    baskets.set_person(basket, eligible_person(site))
    assert baskets.abandon(register, mediator).dropped
    assert not Basket.objects.filter(pk=basket.pk).exists()


def test_the_screen_asks_first_naming_the_payments_then_abandons(site, register, mediator):
    basket = paid_basket(register, mediator, site)
    cashier = signed_in(mediator)
    new = reverse("till:sell_new", args=[register.pk])
    response = cashier.post(new)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Abandonner un ticket déjà payé ?" in page
    assert f"Carte bancaire (terminal) : <strong>{euros(2000)}</strong>" in page
    assert f"Espèces : <strong>{euros(1000)}</strong>" in page
    assert 'name="confirm" value="1"' in page
    assert Basket.objects.filter(pk=basket.pk).exists()  # nothing dropped yet
    response = cashier.post(new, {"confirm": "1"}, follow=True)
    assert f"Ticket abandonné : rendez les paiements ({euros(3000)}) ; un nouveau ticket commence." in (
        response.content.decode()
    )
    assert not Basket.objects.filter(pk=basket.pk).exists()
