"""Demo till: the national rules, the network's settings, registers, and a few weeks of sealed tickets.

Fake data only. Tickets go through the real services (cash_in with `now=` in the past, sessions opened and
closed each day, a returned device, the previous month closed), so after `make run` the journal, the
closures, the rights summaries and the verifier show something at once. Idempotent: the rules and
registers are found by name and code, and the history is written only when the demo registers have no
ticket yet. Kept small: seed_demo runs in `make run` and in tests.
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.inventory.models import ConnectivityProduct, Device, ProductStock, Status
from tremplin.inventory.services.connectivity import adjust_stock
from tremplin.people.models import Beneficiary

from .models import BasketLine, Closure, ClosureKind, QuotaRule, Register, Sale, SaleKind, TillSettings
from .services import baskets, finalise, sessions

RULES = [
    # name, keys, measure, limit, period, months
    ("Ordinateur", ["laptop", "desktop"], "count", 1, "rolling", 24),
    ("Smartphone", ["smartphone"], "count", 1, "rolling", 12),
    ("Recharges", ["recharge"], "amount", 30, "calendar_month", None),
]
# site key, code, name, training mode, cashiers (demo account local parts)
REGISTERS = [
    ("lyon", "C1", "Caisse accueil", False, ["mediatrice.lyon", "responsable.lyon"]),
    ("lyon", "C2", "Caisse formation", True, ["mediatrice.lyon"]),
    ("villeurbanne", "C1", "Caisse accueil", False, ["mediateur.villeurbanne", "mediatrice.lyon"]),
]
ACCESSORIES = [
    ("Câble USB-C 1 m (démo)", "8", "2", 20),
    ("Housse ordinateur 15 pouces (démo)", "25", "5", 10),
]
SUPPLIER = "Fournitures solidaires (démo)"
HISTORY_DAYS = 21  # at least this many calendar days of tickets before today


def _settings():
    settings = TillSettings.current()
    if not settings.legal_address:
        settings.legal_name = "Association Tremplin (démo)"
        settings.legal_address = "12 rue de Marseille, 69007 Lyon"
        settings.legal_siret = "73282932000074"
        settings.vat_liable = False
        settings.eligibility_required = True
        settings.revenue_accounts = {"device": "707100", "connectivity": "707200", "accessory": "707300"}
        settings.payment_accounts = {
            "cash": "530000",
            "card": "511200",
            "cheque": "511300",
            "transfer": "512000",
            "partner": "411000",
        }
        settings.save()


def _rules():
    for name, keys, measure, limit, period, months in RULES:
        QuotaRule.objects.get_or_create(
            name=name,
            defaults={"keys": keys, "measure": measure, "limit": limit, "period": period, "period_months": months},
        )


def _registers(demo):
    made = []
    for site_key, code, name, training, cashiers in REGISTERS:
        site = demo.sites.get(site_key)
        staff = [demo.users[key] for key in cashiers if key in demo.users]
        if site is None or not staff:
            continue
        register, _created = Register.objects.get_or_create(
            site=site, code=code, defaults={"name": name, "training_mode": training}
        )
        made.append((register, staff))
    return made


def _accessories(demo):
    products = []
    for name, face, price, quantity in ACCESSORIES:
        product, _created = ConnectivityProduct.objects.get_or_create(
            operator=SUPPLIER,
            name=name,
            defaults={
                "kind": "accessory",
                "face_value": Decimal(face),
                "solidarity_price": Decimal(price),
                "low_stock_threshold": 3,
            },
        )
        products.append(product)
        for key in ("lyon", "villeurbanne"):
            site, staff = demo.sites.get(key), demo.users.get("responsable.lyon")
            if site and staff and not ProductStock.objects.filter(site=site, product=product).exists():
                adjust_stock(staff, site, product, quantity, "Livraison (démo)")
    return products


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _eligible_people(site, day):
    return list(
        Beneficiary.objects.active()
        .filter(
            sites=site,
            eligibility_records__checked_on__lte=day,
            eligibility_records__valid_until__gte=day,
        )
        .distinct()
        .order_by("pk")[:12]
    )


def _sell(register, cashier, person, now, *, device=None, products=(), payments=None, override=None):
    """One ticket through the real services; a refusal (rights, stock) leaves nothing and returns None."""
    basket = baskets.open_basket(register, cashier)
    try:
        baskets.set_person(basket, person)
        if device is not None:
            baskets.add_device(basket, device.asset_tag, now=now)
        for product in products:
            baskets.add_product(basket, product, now=now)
        if override:
            manager, reason = override
            baskets.override_line(basket, basket.lines.order_by("pk").last().pk, manager, reason)
        total = baskets.summarise(basket).total_cents
        for method, amount, partner in payments(total) if payments else [("cash", total, None)]:
            if amount:
                baskets.add_payment(basket, method, amount, partner, now=now)
        return finalise.cash_in(basket.token, cashier, now=now).sale
    except ValidationError:
        basket.delete()
        return None


def _return(register, cashier, sale, now):
    """Give back the first line of `sale` (a new ticket with a negative line, refunded the way it was paid)."""
    basket = baskets.open_basket(register, cashier, kind=SaleKind.RETURN, original_sale=sale)
    line = sale.lines.order_by("position").first()
    BasketLine.objects.create(basket=basket, original_line=line, quantity=-line.quantity)
    try:
        left = line.quantity * line.unit_price_cents
        for payment in sale.payments.order_by("position"):
            amount = min(left, payment.amount_cents)
            if amount > 0:
                baskets.add_payment(basket, payment.method, amount, payment.partner, now=now)
                left -= amount
        return finalise.cash_in(basket.token, cashier, now=now).sale
    except ValidationError:
        basket.delete()
        return None


def _day_of_tickets(register, staff, day, rng, stock, partner, manager, index):
    site = register.site
    people = _eligible_people(site, day)
    if not people:
        return []
    cashier = staff[index % len(staff)]
    sold = []
    for number in range(1 if register.training_mode else 2):
        person = people[(index * 3 + number) % len(people)]
        now = _at(day, 10 + 2 * number, rng.choice([5, 20, 35, 50]))
        choice = (index + number) % 4
        if choice == 0 and stock["devices"].get(site.pk):
            device = stock["devices"][site.pk].pop()
            sale = _sell(
                register,
                cashier,
                person,
                now,
                device=device,
                products=[stock["accessories"][1]],
                payments=(lambda total: [("partner", total // 2, partner), ("card", total - total // 2, None)])
                if partner
                else None,
            )
        elif choice == 1:
            sale = _sell(register, cashier, person, now, products=[rng.choice(stock["recharges"])])
        elif choice == 2:
            sale = _sell(register, cashier, person, now, products=[stock["sim"], stock["accessories"][0]])
        else:
            reason = None
            if manager and baskets.may_override(manager, register):
                reason = (manager, "Recharge de dépannage, accord du responsable (démo)")
            sale = _sell(register, cashier, person, now, products=[stock["recharges"][-1]], override=reason)
        if sale is not None:
            sold.append(sale)
    return sold


def _history(demo, registers, products):
    rng = random.Random(2026)  # noqa: S311 — demo data, not security
    today = timezone.localdate()
    partner = demo.partners.get("ccas")
    manager = demo.users.get("responsable.lyon")
    recharges = list(
        ConnectivityProduct.objects.filter(kind="recharge", name__startswith="Recharge", is_active=True).order_by(
            "face_value"
        )
    )
    sim = ConnectivityProduct.objects.filter(kind="sim", is_active=True).first()
    if not recharges or sim is None:
        return
    stock = {
        "recharges": recharges,
        "sim": sim,
        "accessories": products,
        # Two available devices per site for the demo's sales; the rest stays in stock for the visitor.
        "devices": {
            register.site_id: list(
                Device.objects.filter(site=register.site, status=Status.AVAILABLE, solidarity_price__isnull=False)
                .exclude(category__in=["screen", "tablet"])
                .order_by("pk")[:2]
            )
            for register, _staff in registers
        },
    }
    # From the last days of the previous month (so that a closed month shows) to yesterday, every third
    # opening day; days go in order across registers so the technical journal's times only move forward.
    start = min(today - timedelta(days=HISTORY_DAYS), today.replace(day=1) - timedelta(days=10))
    days = [start + timedelta(days=offset) for offset in range((today - start).days)]
    days = [day for day in days if day.weekday() < 6][::3]
    returned = False
    for index, day in enumerate(days):
        for register, staff in registers:
            if register.training_mode and index % 4:
                continue
            opener = staff[0]
            sessions.open_session(register, opener, 10000, now=_at(day, 9))
            sold = _day_of_tickets(register, staff, day, rng, stock, partner, manager, index)
            if not returned and not register.training_mode and index >= 2:
                device_sale = next((s for s in sold if s.lines.filter(device__isnull=False).exists()), None)
                if device_sale is not None:
                    returned = _return(register, opener, device_sale, _at(day, 17)) is not None
            session = sessions.open_session_of(register)
            sessions.close_session(session, opener, sessions.expected_cash(session), now=_at(day, 18, 30))
    for register, staff in registers:
        _close_previous_month(register, staff[0], today)


def _close_previous_month(register, actor, today):
    start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    if register.training_mode:
        return
    if Closure.objects.filter(register=register, kind=ClosureKind.MONTH, period_start=start).exists():
        return
    if not Closure.objects.filter(register=register, kind=ClosureKind.DAY, period_start__gte=start).exists():
        return
    sessions.close_period(register, ClosureKind.MONTH, start, actor)


def seed(demo):
    _settings()
    _rules()
    registers = _registers(demo)
    products = _accessories(demo)
    if not registers or Sale.objects.filter(register__in=[register for register, _staff in registers]).exists():
        return
    _history(demo, registers, products)
