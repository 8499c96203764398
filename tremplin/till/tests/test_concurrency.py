"""Cashing in under real concurrency (PostgreSQL, one connection per thread): each test proves one lock.

- 20 tickets at once on one register: the chain head's row lock → numbers 1..20 and an unbroken chain;
- one device on two registers: the device's conditional claim → one sale, nothing orphaned;
- the last recharge code at three registers: the code's conditional claim → one sale;
- one person's monthly recharge right at two sites: the person lock → the right is never exceeded.
"""

import threading
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tremplin.inventory.models import RechargeCode, Status
from tremplin.inventory.tests.factories import available_device
from tremplin.till.models import Basket, ChainHead, Payment, Sale, SaleLine
from tremplin.till.services import baskets, finalise, sealing

from .factories import eligible_person, national_rules, open_register, recharge_codes, recharge_product, sell

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def basket_for(register, cashier, person, *, device=None, product=None):
    """A ticket ready to cash in (built in the main thread, so it is committed before the threads start)."""
    basket = Basket.objects.create(register=register, cashier=cashier)  # a new ticket, never a reused one
    baskets.set_person(basket, person)
    if device is not None:
        baskets.add_device(basket, device.asset_tag)
    if product is not None:
        baskets.add_product(basket, product)
    baskets.add_payment(basket, "cash", baskets.summarise(basket).total_cents)
    return basket.token


def cash_in_all_at_once(jobs):
    """Run cash_in(token, cashier) for every job in its own thread and connection, all released together.

    Returns (numbers of the tickets made, messages of the refusals, unexpected exceptions).
    """
    barrier = threading.Barrier(len(jobs))
    numbers, refusals, errors = [], [], []
    lock = threading.Lock()

    def run(token, cashier):
        try:
            barrier.wait()
            done = finalise.cash_in(token, cashier)
            with lock:
                numbers.append(done.sale.number)
        except ValidationError as error:
            with lock:
                refusals.extend(error.messages)
        except Exception as error:
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return numbers, refusals, errors


def assert_chain_is_valid(register):
    """Every ticket of the register links to the previous one, and its hash recomputes with the key."""
    previous_hash = ""
    sales = Sale.objects.filter(register=register, training=False).select_related("register__site").order_by("number")
    for expected_number, sale in enumerate(sales, start=1):
        assert sale.number == expected_number
        assert sale.previous_hash == previous_hash
        lines = list(sale.lines.select_related("original_line__sale__register__site").order_by("position"))
        payments = list(sale.payments.order_by("position"))
        assert sale.hash == sealing.seal(sale.previous_hash, sealing.sale_content(sale, lines, payments), sale.key_id)
        previous_hash = sale.hash
    head = ChainHead.objects.get(scope=f"sale:{register.pk}:0")
    assert (head.last_number, head.last_hash) == (sales.count(), previous_hash)


def test_twenty_concurrent_cash_ins_on_one_register_get_numbers_1_to_20_and_a_valid_chain(site, make_user):
    cashier = make_user("mediator", full_name="Camille Martin")
    register = open_register(site, cashier)
    # Each ticket has its own person and its own device: the only lock they share is the chain head's.
    jobs = [
        (basket_for(register, cashier, eligible_person(site, f"P{i}"), device=available_device(site)), cashier)
        for i in range(20)
    ]
    numbers, refusals, errors = cash_in_all_at_once(jobs)
    assert errors == [] and refusals == []
    assert sorted(numbers) == list(range(1, 21))
    assert_chain_is_valid(register)


def test_the_same_device_on_two_registers_at_once_is_sold_once_and_leaves_no_orphan(site, make_user):
    cashier = make_user("mediator")
    first, second = open_register(site, cashier, "C1"), open_register(site, cashier, "C2")
    laptop = available_device(site)
    jobs = [
        (basket_for(first, cashier, eligible_person(site, "Awa"), device=laptop), cashier),
        (basket_for(second, cashier, eligible_person(site, "Binta"), device=laptop), cashier),
    ]
    numbers, refusals, errors = cash_in_all_at_once(jobs)
    assert errors == []
    assert numbers == [1]
    assert refusals == ["Cet appareil n'est pas en vente pour cette personne."]
    assert Sale.objects.count() == 1
    assert SaleLine.objects.count() == 1
    assert Payment.objects.count() == 1
    sale = Sale.objects.get()
    loser = second if sale.register_id == first.pk else first
    assert not ChainHead.objects.filter(scope=f"sale:{loser.pk}:0", last_number__gt=0).exists()
    laptop.refresh_from_db()
    assert laptop.status == Status.SOLD and laptop.events.filter(to_status=Status.SOLD).count() == 1


def test_the_last_recharge_code_claimed_by_three_registers_is_sold_once(site, make_user):
    cashier = make_user("mediator")
    registers = [open_register(site, cashier, code) for code in ("C1", "C2", "C3")]
    product = recharge_product()
    recharge_codes(site, product, 1)
    jobs = [
        (basket_for(register, cashier, eligible_person(site, f"P{i}"), product=product), cashier)
        for i, register in enumerate(registers)
    ]
    numbers, refusals, errors = cash_in_all_at_once(jobs)
    assert errors == []
    assert numbers == [1]
    # Refused by the code's conditional claim, or — when the winner had committed already — by cash_in's check
    # of each line's stock (checks.stock_blockers), which names the line.
    gone = {
        "Plus aucun code disponible pour cette offre dans cet espace.",
        "« Recharge 10 € (Opérateur Solidaire) » : épuisé dans cet espace, retirez la ligne.",
    }
    assert len(refusals) == 2 and set(refusals) <= gone
    assert SaleLine.objects.filter(recharge_code__isnull=False).count() == 1
    assert RechargeCode.objects.get().status == RechargeCode.Status.SOLD
    assert ChainHead.objects.filter(scope__startswith="sale:", last_number__gt=0).count() == 1


def test_two_sites_using_up_the_same_persons_monthly_recharge_right_at_once_never_exceed_it(
    site, other_site, make_user
):
    national_rules()  # recharges: at most 30 € of face value per calendar month
    cashier = make_user("mediator")
    other_cashier = make_user("mediator", at=other_site)
    here, there = open_register(site, cashier), open_register(other_site, other_cashier)
    person = eligible_person(site)
    person.sites.add(other_site)
    ten = recharge_product()
    recharge_codes(site, ten, 3)
    recharge_codes(other_site, ten, 1, start=100)
    sell(here, cashier, person, products=[ten, ten])  # 20 € used: room for one more 10 € recharge
    jobs = [
        (basket_for(here, cashier, person, product=ten), cashier),
        (basket_for(there, other_cashier, person, product=ten), other_cashier),
    ]
    move_stock = finalise._move_stock

    def slow_move_stock(*args, **kwargs):
        # Widen the window between the rights check and the commit: without the person lock both pass.
        threading.Event().wait(0.3)
        return move_stock(*args, **kwargs)

    with mock.patch.object(finalise, "_move_stock", slow_move_stock):
        numbers, refusals, errors = cash_in_all_at_once(jobs)
    assert errors == []
    assert len(numbers) == 1
    assert len(refusals) == 1
    assert refusals[0].startswith(
        "« Recharge 10 € (Opérateur Solidaire) » : hors des droits de la personne — droit « Recharges » : "
        "30,00\u00a0€ utilisés sur 30,00\u00a0€ ce mois-ci, il reste 0,00\u00a0€ ; ce ticket en demande 10,00\u00a0€"
    )
    face_values = SaleLine.objects.filter(sale__beneficiary_id=person.pk, rights_key="recharge").values_list(
        "rights_value_cents", flat=True
    )
    assert sum(face_values) == 3000
