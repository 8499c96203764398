"""Cashing in a ticket: numbers, stock, rights, payments, and nothing written when a step fails."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.inventory.models import Device, ProductStock, RechargeCode, Status
from tremplin.inventory.services.devices import reserve_device
from tremplin.inventory.tests.factories import available_device
from tremplin.till.models import ChainHead, Payment, Sale, SaleLine
from tremplin.till.services import baskets, finalise

from .factories import (
    counted_stock,
    eligible_person,
    national_rules,
    open_register,
    recharge_codes,
    recharge_product,
    sell,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cashier(make_user):
    return make_user("mediator", full_name="Camille Martin")


@pytest.fixture
def register(site, cashier):
    return open_register(site, cashier)


def test_selling_a_reserved_laptop_and_a_recharge_part_cash_part_partner(site, partner, cashier, register):
    person = eligible_person(site)
    laptop = available_device(site)
    reserve_device(cashier, laptop, person, timezone.now() + timedelta(days=3))
    recharge = recharge_product()
    recharge_codes(site, recharge, 2)
    national_rules()
    # 120 € laptop + 5 € recharge = 125 €: the CCAS pays 100 €, the person hands over a 50 € note.
    done = sell(
        register,
        cashier,
        person,
        devices=[laptop],
        products=[recharge],
        payments=[("partner", 10000, partner), ("cash", 5000, None)],
    )
    sale = done.sale
    assert sale.number == 1
    assert sale.ticket_number == f"{site.code}-C1-000001"
    assert sale.total_cents == 12500
    assert sale.market_total_cents == 32000 + 1000
    assert sale.saving_cents == 20500
    laptop.refresh_from_db()
    assert laptop.status == Status.SOLD and laptop.sold_to == person
    cash = Payment.objects.get(sale=sale, method="cash")
    assert (cash.amount_cents, cash.tendered_cents, cash.change_cents) == (2500, 5000, 2500)
    assert Payment.objects.get(sale=sale, method="partner").partner_name == partner.name
    code_line = SaleLine.objects.get(sale=sale, rights_key="recharge")
    assert code_line.recharge_code.status == RechargeCode.Status.SOLD
    assert len(done.revealed_codes[code_line.position]) >= 8
    assert sale.beneficiary_id == person.pk


def test_ticket_numbers_follow_each_other_per_register_and_chain(site, cashier, register):
    person = eligible_person(site)
    product = recharge_product(kind="sim", name="Carte SIM", face_value="10", solidarity_price="1")
    counted_stock(site, product, 5)
    first = sell(register, cashier, person, products=[product]).sale
    second = sell(register, cashier, person, products=[product]).sale
    assert (first.number, second.number) == (1, 2)
    assert second.previous_hash == first.hash
    assert ChainHead.objects.get(scope=f"sale:{register.pk}:0").last_hash == second.hash
    assert ProductStock.objects.get(site=site, product=product).quantity == 3


def test_a_second_click_on_cash_in_gives_the_same_ticket(site, cashier, register):
    person = eligible_person(site)
    laptop = available_device(site)
    basket = baskets.open_basket(register, cashier)
    baskets.set_person(basket, person)
    baskets.add_device(basket, laptop.asset_tag)
    baskets.add_payment(basket, "card", 12000)
    first = finalise.cash_in(basket.token, cashier)
    again = finalise.cash_in(basket.token, cashier)
    assert again.sale.pk == first.sale.pk
    assert Sale.objects.count() == 1


def test_a_second_computer_within_24_months_is_refused_with_the_sentence(site, cashier, register):
    national_rules()
    person = eligible_person(site)
    first = available_device(site)
    sold = sell(register, cashier, person, devices=[first]).sale
    day = timezone.localdate(sold.finalised_at)
    second = available_device(site, category="desktop")
    with pytest.raises(ValidationError) as refused:
        sell(register, cashier, person, devices=[second])
    again = day.replace(year=day.year + 2)
    assert refused.value.messages == [
        f"« Ordinateur fixe {second.brand} {second.model_name} » : hors des droits de la personne — "
        f"Ordinateur : déjà obtenu le {day:%d/%m/%Y}, de nouveau possible le {again:%d/%m/%Y}."
    ]
    second.refresh_from_db()
    assert second.status == Status.AVAILABLE
    assert Sale.objects.count() == 1


def test_recharges_are_capped_at_30_euros_of_face_value_per_month(site, cashier, register):
    national_rules()
    person = eligible_person(site)
    ten = recharge_product()
    recharge_codes(site, ten, 4)
    sell(register, cashier, person, products=[ten, ten, ten])
    with pytest.raises(ValidationError) as refused:
        sell(register, cashier, person, products=[ten])
    # The product, the right, what was used, what is left, what the ticket asks and when the right comes back.
    today = timezone.localdate()
    first_of_next = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    assert refused.value.messages == [
        "« Recharge 10 € (Opérateur Solidaire) » : hors des droits de la personne — droit « Recharges » : "
        "30,00\u00a0€ utilisés sur 30,00\u00a0€ ce mois-ci, il reste 0,00\u00a0€ ; ce ticket en demande 10,00\u00a0€ ; "
        f"de nouveau possible le {first_of_next:%d/%m/%Y}."
    ]
    assert RechargeCode.objects.filter(status="available").count() == 1


def test_a_site_manager_override_lets_one_line_pass_and_is_journaled(site, cashier, register, make_user):
    national_rules()
    manager = make_user("site_manager")
    person = eligible_person(site)
    sell(register, cashier, person, devices=[available_device(site)])
    second = available_device(site)
    basket = baskets.open_basket(register, cashier)
    baskets.set_person(basket, person)
    line = baskets.add_device(basket, second.asset_tag)
    with pytest.raises(ValidationError):
        baskets.override_line(basket, line.pk, cashier, "ordinateur volé, plainte déposée")
    baskets.override_line(basket, line.pk, manager, "ordinateur volé, plainte déposée")
    baskets.add_payment(basket, "cash", 12000)
    sale = finalise.cash_in(basket.token, cashier).sale
    assert sale.lines.get().override_reason == "ordinateur volé, plainte déposée"
    from tremplin.till.models import JournalEvent

    assert JournalEvent.objects.filter(kind="override").count() == 1


def test_an_expired_eligibility_is_refused(site, cashier, register):
    person = eligible_person(site, checked_on=timezone.localdate() - timedelta(days=400))
    record = person.eligibility_records.get()
    with pytest.raises(ValidationError) as refused:
        sell(register, cashier, person, devices=[available_device(site)])
    assert refused.value.messages == [
        f"L'éligibilité de cette personne a expiré le {record.valid_until:%d/%m/%Y} : renouvelez-la avant la vente."
    ]


def test_payments_must_equal_the_total_and_only_cash_gives_change(site, cashier, register):
    person = eligible_person(site)
    laptop = available_device(site)
    basket = baskets.open_basket(register, cashier)
    baskets.set_person(basket, person)
    baskets.add_device(basket, laptop.asset_tag)
    with pytest.raises(ValidationError, match="seul le paiement en espèces rend la monnaie"):
        baskets.add_payment(basket, "card", 15000)
    with pytest.raises(ValidationError, match="positif"):
        baskets.add_payment(basket, "card", -5)
    baskets.add_payment(basket, "card", 2000)
    with pytest.raises(ValidationError) as refused:
        finalise.cash_in(basket.token, cashier)
    assert "il reste 100,00\u00a0€" in refused.value.messages[0]


def test_a_device_of_another_site_or_sold_or_unknown_is_refused_at_scan(site, other_site, cashier, register):
    person = eligible_person(site)
    basket = baskets.open_basket(register, cashier)
    baskets.set_person(basket, person)
    elsewhere = available_device(other_site)
    with pytest.raises(ValidationError, match=f"appartient à l'espace {other_site.name}"):
        baskets.add_device(basket, elsewhere.asset_tag)
    with pytest.raises(ValidationError, match="Aucun appareil ne porte le numéro « XX-0000 »"):
        baskets.add_device(basket, "XX-0000")
    sold = available_device(site)
    sell(register, cashier, person, devices=[sold])
    fresh = baskets.open_basket(register, cashier)
    with pytest.raises(ValidationError, match="Choisissez la personne"):  # said at the first article
        baskets.add_device(fresh, sold.asset_tag)
    baskets.set_person(fresh, person)
    with pytest.raises(ValidationError, match="est déjà vendu"):
        baskets.add_device(fresh, sold.asset_tag)


def test_a_device_sold_meanwhile_at_another_register_leaves_nothing_written(site, cashier, register):
    person = eligible_person(site)
    laptop = available_device(site)
    other = open_register(site, cashier, code="C2")
    basket = baskets.open_basket(register, cashier)
    baskets.set_person(basket, person)
    baskets.add_device(basket, laptop.asset_tag)
    baskets.add_payment(basket, "cash", 12000)
    sell(other, cashier, person, devices=[laptop])
    with pytest.raises(ValidationError) as refused:  # the line is named (checks.stock_blockers)
        finalise.cash_in(basket.token, cashier)
    assert refused.value.messages == [f"L'appareil {laptop.asset_tag} n'est plus en vente : retirez-le du ticket."]
    assert Sale.objects.filter(register=register).count() == 0
    assert not ChainHead.objects.filter(scope=f"sale:{register.pk}:0", last_number__gt=0).exists()


def test_an_exception_in_the_middle_of_cash_in_leaves_nothing_written(site, cashier, register):
    person = eligible_person(site)
    laptop = available_device(site)
    recharge = recharge_product()
    recharge_codes(site, recharge, 1)
    basket = baskets.open_basket(register, cashier)
    baskets.set_person(basket, person)
    baskets.add_device(basket, laptop.asset_tag)
    baskets.add_product(basket, recharge)
    baskets.add_payment(basket, "cash", 12500)
    with (
        mock.patch("tremplin.till.services.chain.advance", side_effect=RuntimeError("panne")),
        pytest.raises(RuntimeError),
    ):
        finalise.cash_in(basket.token, cashier)
    assert Sale.objects.count() == 0
    assert SaleLine.objects.count() == 0
    assert Device.objects.get(pk=laptop.pk).status == Status.AVAILABLE
    assert RechargeCode.objects.get().status == RechargeCode.Status.AVAILABLE
    assert ChainHead.objects.filter(scope=f"sale:{register.pk}:0", last_number__gt=0).count() == 0


def test_a_sale_is_refused_when_the_previous_day_is_not_closed(site, cashier):
    yesterday = timezone.now() - timedelta(days=1)
    register = open_register(site, cashier, now=yesterday)
    person = eligible_person(site)
    with pytest.raises(ValidationError, match="n'est pas clôturée"):
        sell(register, cashier, person, devices=[available_device(site)])


def test_training_tickets_have_their_own_chain_and_never_touch_stock(site, cashier):
    from tremplin.till.services import sessions
    from tremplin.till.tests.factories import register_at

    register = register_at(site, training_mode=True)
    sessions.open_session(register, cashier, 0)
    person = eligible_person(site)
    laptop = available_device(site)
    sale = sell(register, cashier, person, devices=[laptop]).sale
    assert sale.training and sale.ticket_number.startswith("F-")
    laptop.refresh_from_db()
    assert laptop.status == Status.AVAILABLE
    assert ChainHead.objects.filter(scope=f"sale:{register.pk}:1", last_number=1).exists()
