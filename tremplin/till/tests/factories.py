"""Helpers for till tests: a register ready to sell, an eligible person, the demo network's rules."""

from datetime import timedelta

from django.utils import timezone

from tremplin.core.testing.factories import UserFactory
from tremplin.inventory.services.connectivity import adjust_stock, import_recharge_codes
from tremplin.inventory.tests.factories import available_device, person_at, recharge_product  # noqa: F401
from tremplin.people.tests.factories import EligibilityRecordFactory
from tremplin.till.models import QuotaRule, Register
from tremplin.till.services import baskets, checks, finalise, sessions


def register_at(site, code="C1", **fields):
    return Register.objects.create(site=site, code=code, name=f"Caisse {code}", **fields)


def open_register(site, user, code="C1", float_cents=5000, now=None):
    register = register_at(site, code)
    sessions.open_session(register, user, float_cents, now=now)
    return register


def eligible_person(site, first_name="Awa", last_name="Diallo", checked_on=None):
    person = person_at(site, first_name, last_name)
    checked_on = checked_on or timezone.localdate() - timedelta(days=10)
    EligibilityRecordFactory(beneficiary=person, checked_on=checked_on)
    return person


def national_rules():
    """The three rules the issue names: 1 computer / 24 months, 1 smartphone / 12 months, €30 of recharges a month."""
    return [
        QuotaRule.objects.create(
            name="Ordinateur", keys=["laptop", "desktop"], limit=1, period="rolling", period_months=24
        ),
        QuotaRule.objects.create(name="Smartphone", keys=["smartphone"], limit=1, period="rolling", period_months=12),
        QuotaRule.objects.create(
            name="Recharges", keys=["recharge"], measure="amount", limit=30, period="calendar_month"
        ),
    ]


def recharge_codes(site, product, count, actor=None, start=0):
    actor = actor or UserFactory()
    codes = [f"{product.pk:03d}{start + i:09d}" for i in range(count)]
    import_recharge_codes(actor, product, site, codes)
    return codes


def counted_stock(site, product, quantity, actor=None):
    adjust_stock(actor or UserFactory(), site, product, quantity, "livraison")


def sell(register, cashier, person, *, devices=(), products=(), payments=None, now=None):
    """Build and cash in a ticket; `payments` [(method, cents, partner)] defaults to cash for the total."""
    basket = baskets.open_basket(register, cashier)
    baskets.set_person(basket, person)
    for device in devices:
        baskets.add_device(basket, device.asset_tag, now=now)
    for product in products:
        baskets.add_product(basket, product, now=now)
    if payments is None:
        total = baskets.summarise(basket).total_cents
        payments = [("cash", total, None)] if total else []
    blocked = bool(checks.blockers(basket, now=now))
    for method, amount, partner in payments:
        if blocked:
            # add_payment refuses a blocked ticket; record the payment anyway so that the test reaches cash_in,
            # the last guard (as when a right is used up at another site between the payment and "Encaisser").
            pay_anyway(basket, method, amount, partner)
        else:
            baskets.add_payment(basket, method, amount, partner, now=now)
    return finalise.cash_in(basket.token, cashier, now=now)


def pay_anyway(basket, method, amount, partner=None):
    """A payment row written without add_payment's checks (tests of cash_in's own refusals)."""
    from tremplin.till.models import BasketPayment

    return BasketPayment.objects.create(
        basket=basket,
        method=method,
        amount_cents=amount,
        tendered_cents=amount if method == "cash" else None,
        partner=partner,
    )
