"""Demo stock: donors and batches, ~40 devices in every status, thresholds, price grid, offers, codes.

Fake data only. Idempotent: demo devices are known by their serial number (DEMO-…), codes by digest.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from tremplin.people.models import Beneficiary

from .models import (
    ConnectivityProduct,
    Device,
    DeviceEvent,
    DonationBatch,
    Donor,
    ErasureRecord,
    GradingRule,
    PriceGridEntry,
    ProductStock,
    RechargeCode,
)
from .services import crypto
from .services.connectivity import adjust_stock, import_recharge_codes
from .services.devices import mark_sold, receive_device, record_erasure, reserve_device, transition
from .services.grading import grade_device

RULES = [
    # category, grade, RAM, storage, battery, condition
    ("laptop", "premium", 16, 512, 85, "excellent"),
    ("laptop", "A", 8, 256, 75, "good"),
    ("laptop", "B", 8, 128, 60, ""),
    ("laptop", "C", 4, 64, None, ""),
    ("desktop", "premium", 16, 512, None, "good"),
    ("desktop", "A", 8, 256, None, ""),
    ("desktop", "B", 4, 128, None, ""),
    ("desktop", "C", 4, 64, None, ""),
    ("smartphone", "A", None, 64, 85, "excellent"),
    ("smartphone", "B", None, 32, 75, "good"),
    ("smartphone", "C", None, 32, 65, "fair"),
    ("tablet", "A", None, 32, 80, "good"),
    ("tablet", "B", None, 16, 70, "fair"),
    ("screen", "A", None, None, None, "good"),
    ("screen", "B", None, None, None, "fair"),
]
PRICES = [
    ("laptop", "premium", "180", "480"),
    ("laptop", "A", "130", "350"),
    ("laptop", "B", "90", "250"),
    ("laptop", "C", "60", "160"),
    ("desktop", "premium", "120", "380"),
    ("desktop", "A", "90", "280"),
    ("desktop", "B", "60", "190"),
    ("desktop", "C", "40", "120"),
    ("smartphone", "A", "70", "190"),
    ("smartphone", "B", "50", "140"),
    ("smartphone", "C", "30", "90"),
    ("tablet", "A", "70", "200"),
    ("tablet", "B", "45", "130"),
    ("screen", "A", "25", "90"),
    ("screen", "B", "15", "60"),
]
PRODUCTS = [
    ("sim", "Opérateur Solidaire (démo)", "Carte SIM solidaire", "10", "0", 5),
    ("recharge", "Opérateur Solidaire (démo)", "Recharge 5 €", "5", "2.50", 5),
    ("recharge", "Opérateur Solidaire (démo)", "Recharge 10 €", "10", "5", 5),
    ("recharge", "Opérateur Solidaire (démo)", "Recharge 15 €", "15", "7.50", 3),
    ("box", "Opérateur Solidaire (démo)", "Box 4G (prêt 6 mois)", "60", "15", 1),
]
DONORS = [
    ("Banque Régionale Exemple (démo)", "company", "DSI — parc informatique"),
    ("Métropole de Lyon (démo)", "public", "Service achats"),
    ("Association Les Ordis du Cœur (démo)", "association", ""),
]
MODELS = [
    ("laptop", "Lenovo", "ThinkPad T480", "Intel Core i5-8350U", 8, 256, "14", "Windows 11"),
    ("laptop", "Dell", "Latitude 5490", "Intel Core i5-8250U", 16, 512, "14", "Ubuntu 24.04"),
    ("laptop", "HP", "EliteBook 840 G5", "Intel Core i5-8350U", 8, 128, "14", "Windows 10"),
    ("desktop", "Dell", "OptiPlex 7060", "Intel Core i5-8500", 8, 256, None, "Windows 11"),
    ("smartphone", "Samsung", "Galaxy A52", "", None, 128, "6.5", "Android 14"),
    ("smartphone", "Apple", "iPhone 8", "", None, 64, "4.7", "iOS 16"),
    ("tablet", "Samsung", "Galaxy Tab A7", "", None, 32, "10.4", "Android 12"),
    ("screen", "Dell", "P2219H", "", None, None, "22", ""),
]
# How far along the workflow each demo device goes (repeated over the 40 devices).
JOURNEY = (
    ["available"] * 10
    + ["received", "diagnosis", "erased", "refurbished", "graded"] * 3
    + [
        "reserved",
        "reserved",
        "sold",
        "sold",
        "sold",
        "parts",
        "recycled",
        "available",
        "available",
        "available",
        "available",
        "available",
        "sold",
        "diagnosis",
        "received",
    ]
)


def _imei(index):
    from stdnum import luhn

    body = f"35{index:012d}"
    return body + luhn.calc_check_digit(body)


def _walk(device, goal, users, people, rng):
    staff, operator = users
    order = ["diagnosis", "erased", "refurbished", "graded", "available"]
    if goal in ("parts", "recycled"):
        transition(staff, device, "diagnosis")
        transition(staff, device, "parts", note="Carte mère hors service")
        if goal == "recycled":
            transition(staff, device, "recycled", recycler="Ecologic (démo)", recycled_on=timezone.localdate())
        return
    if goal == "received":
        return
    target = "available" if goal in ("reserved", "sold") else goal
    for step in order[: order.index(target) + 1]:
        if step == "erased":
            method = "factory_reset" if device.category in ("smartphone", "tablet") else "nist_purge"
            record_erasure(
                staff,
                device,
                method=method,
                tool="nwipe 0.34" if method == "nist_purge" else "Réglages",
                operator=operator,
                performed_on=timezone.localdate(),
                verified=True,
                verification_notes="Contrôle par échantillonnage : aucun fichier lisible",
            )
        elif step == "graded":
            device.refresh_from_db()
            grade_device(staff, device)
        else:
            transition(staff, device, step)
        device.refresh_from_db()
    if goal == "reserved" and people:
        reserve_device(staff, device, rng.choice(people), timezone.now() + timedelta(days=5))
    elif goal == "sold" and people:
        mark_sold(staff, device, timezone.now() - timedelta(days=rng.randint(1, 200)), rng.choice(people))


STEP_DAYS = 6  # a workflow step every few days after reception, as in a real workshop


def _spread_history(device, goal):
    """The demo walks each device through the workflow in one go, when it loads: its whole history was dated
    at load time (the statistics' « Appareils reconditionnés » all fell in the first hour of this month, so
    month comparisons meant nothing). Its steps are moved to after its reception, a few days apart — up to
    its sale for a sold device (received earlier if the sale came first), never after now; the erasure and
    recycling dates follow their steps. No random draw: the rest of the demo stays the same."""
    now = timezone.now()
    device = Device.objects.get(pk=device.pk)
    received, end = device.received_at, now
    if goal == "sold" and device.sold_at:
        end = device.sold_at
        received = min(received, end - timedelta(days=STEP_DAYS * 6))
    events = list(DeviceEvent.objects.filter(device=device).order_by("at", "pk"))
    last = len(events) - 1
    gap = min(timedelta(days=STEP_DAYS), (end - received) / max(last, 1))
    for number, event in enumerate(events):
        if number == 0:
            event.at = received
        elif goal in ("sold", "reserved"):  # the last step is the sale (or today's reservation)
            event.at = end - gap * (last - number)
        else:
            event.at = min(received + gap * number, now)
        DeviceEvent.objects.filter(pk=event.pk).update(at=event.at)
    dated = {event.to_status: event.at for event in events}
    fields = {"received_at": received, "status_changed_at": events[-1].at if events else received}
    if "recycled" in dated:
        fields["recycled_on"] = timezone.localdate(dated["recycled"])
    Device.objects.filter(pk=device.pk).update(**fields)
    if "erased" in dated:
        ErasureRecord.objects.filter(device=device).update(performed_on=timezone.localdate(dated["erased"]))


def seed(demo):
    for category, grade, ram, storage, battery, condition in RULES:
        GradingRule.objects.update_or_create(
            category=category,
            grade=grade,
            defaults={
                "min_ram_gb": ram,
                "min_storage_gb": storage,
                "min_battery_health": battery,
                "min_condition": condition,
            },
        )
    for category, grade, solidarity, market in PRICES:
        PriceGridEntry.objects.update_or_create(
            category=category,
            grade=grade,
            defaults={"solidarity_price": Decimal(solidarity), "market_price": Decimal(market)},
        )
    products = {}
    for kind, operator, name, face, price, threshold in PRODUCTS:
        products[name], _created = ConnectivityProduct.objects.update_or_create(
            operator=operator,
            name=name,
            defaults={
                "kind": kind,
                "face_value": Decimal(face),
                "solidarity_price": Decimal(price),
                "low_stock_threshold": threshold,
            },
        )
    donors = [
        Donor.objects.get_or_create(name=name, defaults={"kind": kind, "contact_name": contact})[0]
        for name, kind, contact in DONORS
    ]
    site_keys = [key for key in ("lyon", "villeurbanne", "saint-etienne") if key in demo.sites]
    staff_by_site = {
        "lyon": "responsable.lyon",
        "villeurbanne": "mediateur.villeurbanne",
        "saint-etienne": "responsable.saint-etienne",
    }
    rng = random.Random(2026)  # noqa: S311 — demo data, not security
    for index, goal in enumerate(JOURNEY, start=1):
        serial = f"DEMO-{index:04d}"
        if Device.objects.filter(serial_number=serial).exists():
            continue
        key = site_keys[index % len(site_keys)]
        site = demo.sites[key]
        staff = demo.users.get(staff_by_site[key])
        operator = demo.users.get("benevole.lyon") if key == "lyon" else staff
        if staff is None:
            continue
        donor = donors[index % len(donors)]
        batch, _created = DonationBatch.objects.get_or_create(
            donor=donor,
            site=site,
            reference=f"DEMO-{site.code}-{donor.pk}",
            defaults={"received_on": date(2026, 1, 1) + timedelta(days=index), "created_by": staff},
        )
        category, brand, model, cpu, ram, storage, screen, system = MODELS[index % len(MODELS)]
        mobile = category in ("smartphone", "tablet")
        device = receive_device(
            staff,
            site,
            {
                "category": category,
                "brand": brand,
                "model_name": model,
                "serial_number": serial,
                "imei": _imei(index) if mobile else "",
                "cpu": cpu,
                "ram_gb": ram,
                "storage_gb": storage,
                "screen_inches": Decimal(screen) if screen else None,
                "operating_system": system,
                "battery_health": rng.randint(60, 98) if category in ("laptop", "smartphone", "tablet") else None,
                "cosmetic_condition": rng.choice(["excellent", "good", "good", "fair"]),
            },
            batch=batch,
        )
        Device.objects.filter(pk=device.pk).update(received_at=timezone.now() - timedelta(days=rng.randint(1, 240)))
        people = list(Beneficiary.objects.filter(sites=site).active()[:10])
        _walk(device, goal, (staff, operator or staff), people, rng)
        _spread_history(device, goal)
    for key in site_keys:
        staff = demo.users.get(staff_by_site[key])
        if staff is None:
            continue
        site = demo.sites[key]
        for name, count in (("Recharge 5 €", 6), ("Recharge 10 €", 8), ("Recharge 15 €", 2)):
            codes = [f"{site.code}{name[-4:-2].strip()}{n:012d}" for n in range(count)]
            codes = [code.replace(" ", "0") for code in codes]
            fresh = [c for c in codes if not RechargeCode.objects.filter(code_digest=crypto.digest(c)).exists()]
            if fresh:
                import_recharge_codes(staff, products[name], site, fresh, batch_reference="DEMO")
        for name, count in (("Carte SIM solidaire", 12), ("Box 4G (prêt 6 mois)", 1)):
            if not ProductStock.objects.filter(site=site, product=products[name]).exists():
                adjust_stock(staff, site, products[name], count, "Livraison (démo)")
