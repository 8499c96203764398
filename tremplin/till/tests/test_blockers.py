"""What blocks a ticket's cash-in is said before any money is taken: eligibility, rights, each line's stock.

Rules (issue "refusé seulement à l'encaissement"): a ticket the till would refuse takes no payment (the card
terminal must not charge first); a product is not added beyond what the site has left, naming the product
and what is left; the sale screen shows the reasons once, with no payment form and « Encaisser » disabled.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tremplin.people.tests.factories import EligibilityRecordFactory
from tremplin.till.models import Sale, TillSettings
from tremplin.till.services import baskets, checks, finalise

from .factories import (
    available_device,
    counted_stock,
    eligible_person,
    national_rules,
    open_register,
    person_at,
    recharge_codes,
    recharge_product,
    register_at,
    sell,
)
from .test_views_sale import assert_cash_in_disabled, signed_in

pytestmark = pytest.mark.django_db

NO_RECORD = "Aucune éligibilité enregistrée pour cette personne : les prix solidaires demandent un justificatif."


@pytest.fixture
def mediator(make_user):
    return make_user("mediator", full_name="Camille Martin")


@pytest.fixture
def register(site, mediator):
    return open_register(site, mediator)


def box():
    return recharge_product(kind="box", operator="Orange", name="Box 4G", face_value="40", solidarity_price="10")


def basket_for(register, cashier, person):
    basket = baskets.open_basket(register, cashier)
    baskets.set_person(basket, person)
    return basket


def messages_of(call, *args):
    with pytest.raises(ValidationError) as refused:
        call(*args)
    return refused.value.messages


# --- stock: add_product -------------------------------------------------------------------------------------


def test_a_product_is_not_added_beyond_the_counted_stock(site, register, mediator):
    product = box()
    counted_stock(site, product, 1)
    basket = basket_for(register, mediator, eligible_person(site))
    baskets.add_product(basket, product)
    assert messages_of(baskets.add_product, basket, product) == [
        "« Box 4G (Orange) » : 2 sur le ticket, il n'en reste que 1 dans cet espace."
    ]
    assert basket.lines.get().quantity == 1  # the refused unit was not added
    assert checks.blockers(basket) == []


def test_a_product_out_of_stock_is_not_added(site, register, mediator):
    product = box()
    basket = basket_for(register, mediator, eligible_person(site))
    assert messages_of(baskets.add_product, basket, product) == [
        "« Box 4G (Orange) » : épuisé dans cet espace, retirez la ligne."
    ]
    assert not basket.lines.exists()


def test_a_recharge_line_needs_a_code_left(site, register, mediator):
    product = recharge_product()
    recharge_codes(site, product, 1)
    basket = basket_for(register, mediator, eligible_person(site))
    baskets.add_product(basket, product)
    assert messages_of(baskets.add_product, basket, product) == [
        "« Recharge 10 € (Opérateur Solidaire) » : 2 sur le ticket, il n'en reste que 1 dans cet espace."
    ]
    assert basket.lines.count() == 1


def test_stock_sold_meanwhile_blocks_the_payment_naming_the_line(site, register, mediator):
    product = box()
    counted_stock(site, product, 1)
    person = eligible_person(site)
    basket = basket_for(register, mediator, person)
    baskets.add_product(basket, product)
    other = open_register(site, mediator, code="C2")
    sell(other, mediator, person, products=[product])  # the last box leaves from the other register
    assert checks.blockers(basket) == [
        checks.Blocker(
            checks.STOCK, "« Box 4G (Orange) » : épuisé dans cet espace, retirez la ligne.", basket.lines.get().pk
        )
    ]
    assert messages_of(baskets.add_payment, basket, "card", 1000) == [
        "Aucun paiement tant que ce ticket ne peut pas être encaissé :",
        "« Box 4G (Orange) » : épuisé dans cet espace, retirez la ligne.",
    ]
    assert not basket.payments.exists()


# --- eligibility --------------------------------------------------------------------------------------------


def test_without_eligibility_nothing_is_added_and_nothing_paid(site, register, mediator):
    person = person_at(site, "Léa", "Martin")
    basket = basket_for(register, mediator, person)
    assert checks.blockers(basket) == [checks.Blocker(checks.ELIGIBILITY, NO_RECORD)]
    assert messages_of(baskets.add_device, basket, available_device(site).asset_tag) == [NO_RECORD]
    assert messages_of(baskets.add_product, basket, box()) == [NO_RECORD]
    assert messages_of(baskets.add_payment, basket, "cash", 500) == [
        "Aucun paiement tant que ce ticket ne peut pas être encaissé :",
        NO_RECORD,
    ]
    assert not basket.lines.exists() and not basket.payments.exists()


def test_an_expired_eligibility_gives_its_date(site, register, mediator):
    person = person_at(site, "Léa", "Martin")
    record = EligibilityRecordFactory(beneficiary=person, checked_on=timezone.localdate() - timedelta(days=5 * 365))
    assert record.valid_until < timezone.localdate()
    basket = basket_for(register, mediator, person)
    assert [blocker.message for blocker in checks.blockers(basket)] == [
        f"L'éligibilité de cette personne a expiré le {record.valid_until:%d/%m/%Y} : renouvelez-la avant la vente."
    ]


def test_eligibility_not_required_by_the_network_blocks_nothing(site, register, mediator):
    TillSettings.objects.update_or_create(pk=1, defaults={"eligibility_required": False})
    basket = basket_for(register, mediator, person_at(site, "Léa", "Martin"))
    baskets.add_device(basket, available_device(site).asset_tag)
    assert checks.blockers(basket) == []
    baskets.add_payment(basket, "card", 12000)
    assert finalise.cash_in(basket.token, mediator).sale.total_cents == 12000


def test_training_mode_checks_neither_eligibility_nor_stock(site, mediator):
    from tremplin.till.services import sessions

    register = register_at(site, training_mode=True)
    sessions.open_session(register, mediator, 0)
    basket = basket_for(register, mediator, person_at(site, "Léa", "Martin"))
    baskets.add_product(basket, box())  # nothing in stock: training tickets never touch stock
    assert checks.blockers(basket) == []


# --- rights -------------------------------------------------------------------------------------------------


def test_rights_exceeded_block_the_payment_until_a_site_manager_overrides(site, register, mediator, make_user):
    national_rules()
    person = eligible_person(site)
    sell(register, mediator, person, devices=[available_device(site)])
    basket = basket_for(register, mediator, person)
    second = available_device(site)
    baskets.add_device(basket, second.asset_tag)
    line = basket.lines.get()
    [blocker] = checks.blockers(basket)
    assert blocker.kind == checks.RIGHTS and blocker.line_id == line.pk
    assert blocker.message.startswith(f"« {second.get_category_display()} {second.brand} {second.model_name} » : ")
    assert "Ordinateur : déjà obtenu le" in blocker.message
    with pytest.raises(ValidationError):
        baskets.add_payment(basket, "card", 12000)
    manager = make_user("site_manager")
    baskets.override_line(basket, line.pk, manager, "vol, plainte déposée")
    assert checks.blockers(basket) == []
    baskets.add_payment(basket, "card", 12000)
    assert finalise.cash_in(basket.token, mediator).sale.number == 2


# --- the sale screen ----------------------------------------------------------------------------------------


def screen(client, register):
    response = client.get(reverse("till:sell", args=[register.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_screen_says_why_once_links_the_eligibility_form_and_takes_no_payment(site, register, mediator):
    person = person_at(site, "Léa", "Martin")
    cashier = signed_in(mediator)
    cashier.post(reverse("till:sell_person", args=[register.pk]), {"beneficiary": str(person.pk)})
    page = screen(cashier, register)
    assert page.count("Aucune éligibilité enregistrée pour cette personne") == 1
    assert f'href="{reverse("people:eligibility_add", args=[person.pk])}"' in page
    assert 'action="{}"'.format(reverse("till:sell_payment", args=[register.pk])) not in page
    assert_cash_in_disabled(page)


def test_the_screen_takes_payments_when_nothing_blocks(site, register, mediator):
    person = eligible_person(site)
    cashier = signed_in(mediator)
    cashier.post(reverse("till:sell_person", args=[register.pk]), {"beneficiary": str(person.pk)})
    cashier.post(reverse("till:sell_scan", args=[register.pk]), {"code": available_device(site).asset_tag})
    page = screen(cashier, register)
    assert 'action="{}"'.format(reverse("till:sell_payment", args=[register.pk])) in page
    assert_cash_in_disabled(page, disabled=False)
    assert "ne peut pas être encaissé" not in page


def test_adding_a_box_twice_on_screen_names_it_and_what_is_left(site, register, mediator):
    product = box()
    counted_stock(site, product, 1)
    cashier = signed_in(mediator)
    cashier.post(reverse("till:sell_person", args=[register.pk]), {"beneficiary": str(eligible_person(site).pk)})
    add = reverse("till:sell_product", args=[register.pk])
    cashier.post(add, {"product": product.pk})
    response = cashier.post(add, {"product": product.pk}, follow=True)
    assert "« Box 4G (Orange) » : 2 sur le ticket, il n&#x27;en reste que 1 dans cet espace." in (
        response.content.decode()
    )
    assert "2 × Box 4G" not in response.content.decode()
    assert Sale.objects.count() == 0
