from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tremplin.inventory.models import GradingRule, PriceGridEntry, Status
from tremplin.inventory.services.grading import compute_grade, grade_device

from .factories import DeviceFactory, laptop_rules


@pytest.mark.parametrize(
    ("ram", "storage", "battery", "condition", "expected"),
    [
        (16, 512, 90, "excellent", "premium"),
        (16, 512, 90, "good", "A"),  # premium needs a like-new look
        (8, 256, 75, "fair", "A"),
        (8, 256, 60, "good", "B"),  # battery below the A threshold
        (8, 128, None, "good", "B"),
        (4, 64, None, "poor", "C"),
        (2, 500, 100, "excellent", "unsellable"),
        (None, None, None, "good", "unsellable"),
    ],
)
def test_a_computer_gets_the_best_grade_whose_thresholds_it_meets(db, ram, storage, battery, condition, expected):
    laptop_rules()
    device = DeviceFactory.build(
        category="laptop", ram_gb=ram, storage_gb=storage, battery_health=battery, cosmetic_condition=condition
    )
    assert compute_grade(device) == expected


def test_phones_are_graded_on_condition_and_battery(db):
    GradingRule.objects.create(category="smartphone", grade="A", min_condition="excellent", min_battery_health=85)
    GradingRule.objects.create(category="smartphone", grade="B", min_condition="good", min_battery_health=75)
    GradingRule.objects.create(category="smartphone", grade="C", min_condition="fair")
    phone = DeviceFactory.build(category="smartphone", ram_gb=None, storage_gb=64)
    for condition, battery, grade in [
        ("excellent", 90, "A"),
        ("excellent", 80, "B"),
        ("good", 70, "C"),
        ("poor", 99, "unsellable"),
    ]:
        phone.cosmetic_condition, phone.battery_health = condition, battery
        assert compute_grade(phone) == grade


def test_no_rule_for_a_category_means_no_computed_grade(db):
    assert compute_grade(DeviceFactory.build(category="screen")) == ""


def test_grading_a_refurbished_device_prices_it_and_moves_it_to_graded(db, site, make_user):
    laptop_rules()
    device = DeviceFactory(site=site, status=Status.REFURBISHED, ram_gb=8, storage_gb=256, battery_health=80)
    grade_device(make_user("mediator"), device)
    device.refresh_from_db()
    assert (device.status, device.grade, device.computed_grade) == (Status.GRADED, "A", "A")
    assert (device.solidarity_price, device.market_price) == (Decimal("120.00"), Decimal("320.00"))
    assert device.saving == Decimal("200.00")


def test_a_manual_override_needs_a_reason(db, site, make_user):
    laptop_rules()
    device = DeviceFactory(site=site, status=Status.REFURBISHED)
    with pytest.raises(ValidationError, match="motif"):
        grade_device(make_user("mediator"), device, override_grade="C")
    grade_device(make_user("mediator"), device, override_grade="C", reason="Charnière fragile")
    device.refresh_from_db()
    assert (device.grade, device.computed_grade, device.grade_override_reason) == ("C", "A", "Charnière fragile")
    assert device.is_graded_manually
    assert device.solidarity_price == Decimal("60.00")
    assert "Charnière fragile" in device.events.first().note


def test_the_database_refuses_an_override_without_reason(db, site):
    with pytest.raises(IntegrityError):
        DeviceFactory(site=site, grade="A", computed_grade="B", grade_override_reason="")


def test_only_refurbished_or_graded_devices_can_be_graded(db, site, make_user):
    device = DeviceFactory(site=site, status=Status.DIAGNOSIS)
    with pytest.raises(ValidationError):
        grade_device(make_user("mediator"), device)


def test_the_price_grid_refuses_a_solidarity_price_above_the_market_price(db):
    with pytest.raises(IntegrityError):
        PriceGridEntry.objects.create(category="tablet", grade="A", solidarity_price=100, market_price=50)
