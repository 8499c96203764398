"""Returns: a new negative ticket referencing the original; a device goes back to diagnosis; never twice."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tremplin.inventory.models import Status
from tremplin.till.models import Basket, Sale
from tremplin.till.services import baskets, returns

from .factories import available_device, eligible_person, open_register, recharge_codes, recharge_product, sell

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(make_user):
    return make_user("mediator")


@pytest.fixture
def register(site, mediator):
    return open_register(site, mediator)


@pytest.fixture
def sold(site, register, mediator):
    recharge = recharge_product()
    recharge_codes(site, recharge, 1)
    return sell(register, mediator, eligible_person(site), devices=[available_device(site)], products=[recharge]).sale


def signed_in(user):
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


def device_line(sale):
    return sale.lines.get(device__isnull=False)


def code_line(sale):
    return sale.lines.get(recharge_code__isnull=False)


def start(client, sale, register, lines, reason=""):
    return client.post(
        reverse("till:start_return", args=[sale.pk]),
        {"lines": [line.pk for line in lines], "register": register.pk, "reason": reason},
    )


def test_returning_the_laptop_refunds_it_and_sends_it_back_to_diagnosis(sold, register, mediator):
    client = signed_in(mediator)
    response = start(client, sold, register, [device_line(sold)])
    assert response.status_code == 302
    basket = Basket.objects.get(kind="return")
    screen = client.get(response.url)
    assert screen.status_code == 200 and b"!!INVALID" not in screen.content
    assert "Reste à rembourser : 120,00" in screen.content.decode()
    client.post(reverse("till:refund", args=[basket.token]), {"method": "cash", "amount": "120"})
    page = client.post(reverse("till:cash_in", args=[register.pk]), {"basket": str(basket.token)}).content.decode()
    refund = Sale.objects.get(kind="return")
    assert refund.ticket_number in page
    assert refund.original_sale == sold and refund.total_cents == -12000 and refund.number == 2
    assert refund.lines.get().original_line == device_line(sold)
    assert refund.payments.get().amount_cents == -12000
    laptop = device_line(sold).device
    laptop.refresh_from_db()
    assert laptop.status == Status.RETURNED


def test_a_line_is_never_returned_twice(sold, register, mediator):
    client = signed_in(mediator)
    basket = returns.start_return(sold, register, mediator, [device_line(sold).pk])
    baskets.add_payment(basket, "cash", 12000)
    from tremplin.till.services import finalise

    finalise.cash_in(basket.token, mediator)
    response = start(client, sold, register, [device_line(sold)])
    assert "a déjà été reprise" in client.get(response.url).content.decode()
    with pytest.raises(ValidationError, match="a déjà été reprise"):
        returns.start_return(sold, register, mediator, [device_line(sold).pk])


def test_two_returns_prepared_at_once_cash_in_only_one(sold, register, mediator, make_user):
    other = make_user("mediator")
    first = returns.start_return(sold, register, mediator, [device_line(sold).pk])
    second = returns.start_return(sold, register, other, [device_line(sold).pk])
    from tremplin.till.services import finalise

    for basket in (first, second):
        baskets.add_payment(basket, "cash", 12000)  # the laptop was paid in cash
    finalise.cash_in(first.token, mediator)
    with pytest.raises(ValidationError, match="a déjà été reprise"):
        finalise.cash_in(second.token, other)
    assert Sale.objects.filter(kind="return").count() == 1


def test_a_revealed_code_is_returned_only_by_a_site_manager_as_defective_with_a_reason(
    sold, register, mediator, make_user
):
    refused = signed_in(mediator)
    response = start(refused, sold, register, [code_line(sold)], reason="code refusé par l'opérateur")
    assert "sauf par un·e responsable d&#x27;espace" in refused.get(response.url).content.decode()
    manager = make_user("site_manager")
    client = signed_in(manager)
    response = start(client, sold, register, [code_line(sold)])
    assert "Indiquez pourquoi le code est défectueux" in client.get(response.url).content.decode()
    response = start(client, sold, register, [code_line(sold)], reason="code refusé par l'opérateur")
    basket = Basket.objects.get(kind="return", cashier=manager)
    line = basket.lines.get()
    assert line.defective_code and line.override_reason == "code refusé par l'opérateur"
    client.post(reverse("till:refund", args=[basket.token]), {"method": "cash", "amount": "5"})
    client.post(reverse("till:cash_in", args=[register.pk]), {"basket": str(basket.token)})
    refund = Sale.objects.get(kind="return")
    assert refund.lines.get().defective_code


def test_a_refund_above_what_is_due_is_refused(sold, register, mediator):
    client = signed_in(mediator)
    start(client, sold, register, [device_line(sold)])
    basket = Basket.objects.get(kind="return")
    response = client.post(
        reverse("till:refund", args=[basket.token]), {"method": "cash", "amount": "500"}, follow=True
    )
    assert "Le remboursement dépasse ce qui reste à rendre" in response.content.decode()
    assert not basket.payments.exists()


def test_abandoning_a_return_writes_nothing(sold, register, mediator):
    client = signed_in(mediator)
    start(client, sold, register, [device_line(sold)])
    basket = Basket.objects.get(kind="return")
    response = client.post(reverse("till:cancel_return", args=[basket.token]))
    assert response.url == sold.get_absolute_url()
    assert not Basket.objects.filter(pk=basket.pk).exists()
    assert Sale.objects.count() == 1


@pytest.mark.parametrize("role", ["network_admin", "volunteer", "referrer", "observer"])
def test_others_get_404_on_the_return_screens(client_as, sold, register, mediator, role):
    basket = returns.start_return(sold, register, mediator, [device_line(sold).pk])
    client = client_as(role)
    assert client.get(reverse("till:return", args=[basket.token])).status_code == 404
    assert client.post(reverse("till:refund", args=[basket.token]), {}).status_code == 404
    assert client.post(reverse("till:cancel_return", args=[basket.token])).status_code == 404


def test_another_cashier_cannot_see_my_return(client_as, sold, register, mediator):
    basket = returns.start_return(sold, register, mediator, [device_line(sold).pk])
    assert client_as("mediator").get(reverse("till:return", args=[basket.token])).status_code == 404


def test_no_lines_ticked_is_a_message(sold, register, mediator):
    client = signed_in(mediator)
    response = start(client, sold, register, [])
    assert "Cochez au moins une ligne à reprendre." in client.get(response.url).content.decode()


def test_a_real_ticket_offers_only_real_registers_for_its_return(sold, site, mediator):
    """A real ticket is taken back at a register selling for real, a training ticket at a training one."""
    from .factories import register_at

    training = register_at(site, code="F1", training_mode=True)
    page = signed_in(mediator).get(sold.get_absolute_url()).content.decode()
    assert f'name="register" value="{sold.register_id}"' in page  # the only real register: no choice to make
    assert f'name="register" value="{training.pk}"' not in page and "Caisse F1" not in page


def test_a_training_ticket_offers_only_training_registers_and_says_when_there_is_none(site, mediator):
    from tremplin.till.services import sessions

    from .factories import register_at

    training = register_at(site, code="F1", training_mode=True)
    sessions.open_session(training, mediator, 0)
    recharge = recharge_product()
    sale = sell(training, mediator, eligible_person(site), products=[recharge]).sale  # no stock needed in training
    register_at(site, code="C2")  # a real register of the site: not offered
    client = signed_in(mediator)
    page = client.get(sale.get_absolute_url()).content.decode()
    assert f'name="register" value="{training.pk}"' in page and "Caisse C2" not in page
    training.training_mode = False
    training.save(update_fields=["training_mode"])
    page = client.get(sale.get_absolute_url()).content.decode()
    assert "Préparer le retour" not in page
    assert "aucune caisse de cet espace ne l'est en ce moment" in page
