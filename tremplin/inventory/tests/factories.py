"""Factories and helpers for inventory tests."""

from decimal import Decimal

import factory
from stdnum import luhn

from tremplin.core.testing.factories import SiteFactory, UserFactory
from tremplin.inventory.models import (
    ConnectivityProduct,
    Device,
    DonationBatch,
    Donor,
    ErasureRecord,
    GradingRule,
    PriceGridEntry,
    Status,
)
from tremplin.people.models import Beneficiary


def valid_imei(body="35209900176148"):
    return body + luhn.calc_check_digit(body)


class DonorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Donor

    name = factory.Sequence(lambda n: f"Entreprise donatrice {n}")
    kind = "company"


class BatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DonationBatch

    donor = factory.SubFactory(DonorFactory)
    site = factory.SubFactory(SiteFactory)
    reference = factory.Sequence(lambda n: f"DON-{n:04d}")
    received_on = factory.Faker("past_date")


class DeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Device

    asset_tag = factory.Sequence(lambda n: f"TS-PC-2026-{n:05d}")
    site = factory.SubFactory(SiteFactory)
    category = "laptop"
    brand = "Lenovo"
    model_name = "ThinkPad T480"
    serial_number = factory.Sequence(lambda n: f"SN{n:06d}")
    ram_gb = 8
    storage_gb = 256
    battery_health = 85
    cosmetic_condition = "good"
    status = Status.RECEIVED


def erase(device, operator=None, verified=True):
    return ErasureRecord.objects.create(
        device=device,
        method="nist_purge",
        tool="nwipe",
        operator=operator or UserFactory(),
        performed_on=device.received_at.date(),
        verified=verified,
    )


def laptop_rules():
    """Computers graded on specs, the way the demo network does it."""
    GradingRule.objects.create(
        category="laptop",
        grade="premium",
        min_ram_gb=16,
        min_storage_gb=512,
        min_battery_health=80,
        min_condition="excellent",
    )
    GradingRule.objects.create(category="laptop", grade="A", min_ram_gb=8, min_storage_gb=256, min_battery_health=70)
    GradingRule.objects.create(category="laptop", grade="B", min_ram_gb=8, min_storage_gb=128)
    GradingRule.objects.create(category="laptop", grade="C", min_ram_gb=4, min_storage_gb=64)
    for grade, solidarity, market in [
        ("premium", "180", "450"),
        ("A", "120", "320"),
        ("B", "90", "220"),
        ("C", "60", "150"),
    ]:
        PriceGridEntry.objects.create(
            category="laptop", grade=grade, solidarity_price=Decimal(solidarity), market_price=Decimal(market)
        )


def available_device(site, **fields):
    """A device ready for sale: erased, graded A and priced."""
    device = DeviceFactory(
        site=site,
        status=Status.AVAILABLE,
        grade="A",
        computed_grade="A",
        solidarity_price=Decimal("120"),
        market_price=Decimal("320"),
        **fields,
    )
    erase(device)
    return device


def person_at(site, first_name="Awa", last_name="Diallo"):
    person = Beneficiary.objects.create(first_name=first_name, last_name=last_name, birth_year=1980)
    person.sites.add(site)
    return person


def recharge_product(**fields):
    defaults = {
        "kind": "recharge",
        "operator": "Opérateur Solidaire",
        "name": "Recharge 10 €",
        "face_value": Decimal("10"),
        "solidarity_price": Decimal("5"),
        "low_stock_threshold": 2,
    }
    defaults.update(fields)
    return ConnectivityProduct.objects.create(**defaults)
