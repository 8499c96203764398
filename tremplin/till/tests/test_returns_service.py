"""Returns are new tickets with negative lines referencing the original; never an edit."""

import pytest
from django.core.exceptions import ValidationError

from tremplin.inventory.models import Status
from tremplin.inventory.tests.factories import available_device
from tremplin.till.models import Basket, BasketLine, Sale
from tremplin.till.services import baskets, finalise

from .factories import eligible_person, national_rules, open_register, sell

pytestmark = pytest.mark.django_db


def return_basket(register, cashier, sale, defective=False, reason=""):
    basket = Basket.objects.create(register=register, cashier=cashier, kind="return", original_sale=sale)
    for line in sale.lines.all():
        BasketLine.objects.create(
            basket=basket,
            original_line=line,
            quantity=-line.quantity,
            defective_code=defective,
            override_reason=reason,
        )
    return basket


def test_returning_a_laptop_refunds_it_frees_the_right_and_sends_it_to_diagnosis(site, make_user):
    national_rules()
    cashier = make_user("mediator")
    register = open_register(site, cashier)
    person = eligible_person(site)
    laptop = available_device(site)
    sale = sell(register, cashier, person, devices=[laptop]).sale
    basket = return_basket(register, cashier, sale)
    baskets.add_payment(basket, "cash", 12000)
    refund = finalise.cash_in(basket.token, cashier).sale
    assert refund.kind == "return" and refund.original_sale == sale
    assert refund.total_cents == -12000 and refund.number == 2
    assert refund.lines.get().original_line == sale.lines.get()
    laptop.refresh_from_db()
    assert laptop.status == Status.RETURNED and laptop.sold_to is None
    # The right is free again: another computer may be sold.
    assert sell(register, cashier, person, devices=[available_device(site)]).sale.number == 3
    # The original ticket is untouched.
    assert Sale.objects.get(pk=sale.pk).hash == sale.hash


def test_a_line_cannot_be_returned_twice(site, make_user):
    cashier = make_user("mediator")
    register = open_register(site, cashier)
    person = eligible_person(site)
    sale = sell(register, cashier, person, devices=[available_device(site)]).sale
    first = return_basket(register, cashier, sale)
    baskets.add_payment(first, "cash", 12000)
    finalise.cash_in(first.token, cashier)
    second = return_basket(register, cashier, sale)
    with pytest.raises(ValidationError) as refused:  # the line was given back: no refund is taken for it again
        baskets.add_payment(second, "cash", 12000)
    assert any("a déjà été reprise" in message for message in refused.value.messages)
    assert not second.payments.exists()
    with pytest.raises(ValidationError, match="a déjà été reprise"):
        finalise.cash_in(second.token, cashier)


def test_a_revealed_recharge_code_comes_back_only_as_defective(site, make_user):
    from .factories import recharge_codes, recharge_product

    cashier = make_user("mediator")
    register = open_register(site, cashier)
    person = eligible_person(site)
    product = recharge_product()
    recharge_codes(site, product, 1)
    sale = sell(register, cashier, person, products=[product]).sale
    plain = return_basket(register, cashier, sale)
    baskets.add_payment(plain, "cash", 500)
    with pytest.raises(ValidationError, match="code défectueux"):
        finalise.cash_in(plain.token, cashier)
    by_mediator = return_basket(register, cashier, sale, defective=True, reason="code refusé par l'opérateur")
    baskets.add_payment(by_mediator, "cash", 500)
    with pytest.raises(ValidationError, match="Seul·e un·e responsable d'espace"):
        finalise.cash_in(by_mediator.token, cashier)
    manager = make_user("site_manager")
    defective = return_basket(register, manager, sale, defective=True, reason="code refusé par l'opérateur")
    baskets.add_payment(defective, "cash", 500)
    line = finalise.cash_in(defective.token, manager).sale.lines.get()
    assert line.defective_code and line.override_reason == "code refusé par l'opérateur"


def test_a_refund_follows_the_original_payments_and_gives_no_change(site, partner, make_user):
    """Paid 100 € by the CCAS and 20 € in cash: at most 20 € come back in cash, the rest to the CCAS."""
    cashier = make_user("mediator")
    register = open_register(site, cashier)
    person = eligible_person(site)
    sale = sell(
        register,
        cashier,
        person,
        devices=[available_device(site)],
        payments=[("partner", 10000, partner), ("cash", 5000, None)],  # a 50 € note for the 20 € left
    ).sale
    basket = return_basket(register, cashier, sale)
    with pytest.raises(ValidationError) as refused:
        baskets.add_payment(basket, "cash", 12000)
    assert "il reste au plus 20,00\u00a0€ à rendre" in refused.value.messages[0]
    with pytest.raises(ValidationError) as refused:
        baskets.add_payment(basket, "card", 1000)
    assert "il reste au plus 0,00\u00a0€ à rendre" in refused.value.messages[0]
    baskets.add_payment(basket, "cash", 2000)
    baskets.add_payment(basket, "partner", 10000, partner)
    refund = finalise.cash_in(basket.token, cashier).sale
    cash = refund.payments.get(method="cash")
    assert (cash.amount_cents, cash.change_cents) == (-2000, 0)
    assert refund.payments.get(method="partner").amount_cents == -10000
