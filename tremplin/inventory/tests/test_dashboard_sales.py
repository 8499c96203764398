"""The stock dashboard's sales of the last 30 days, counted per category in one row of FILTERed counts
(services/reports.py `_sold_by_category`) instead of a GROUP BY that SQLite served in category order."""

from datetime import timedelta

from django.utils import timezone

from tremplin.inventory.models import Device
from tremplin.inventory.services.reports import sales_summary

from .factories import DeviceFactory


def sold(site, category, days_ago, **fields):
    when = timezone.now() - timedelta(days=days_ago)
    return DeviceFactory(
        site=site, category=category, status="sold", grade="A", computed_grade="A", sold_at=when, imei="", **fields
    )


def test_the_sales_of_the_last_30_days_are_counted_per_category_in_the_categories_order(db, site, other_site):
    sold(site, "tablet", 10)
    sold(site, "laptop", 3)
    sold(site, "laptop", 29)
    sold(site, "laptop", 40)  # older than 30 days
    sold(other_site, "smartphone", 1)  # another site
    DeviceFactory(site=site, category="screen", status="available", grade="A", computed_grade="A")  # not sold
    summary = sales_summary(Device.objects.filter(site=site))
    # Laptops before tablets: the order of Category's choices, not the alphabet of the values.
    assert [(row["key"], row["label"], row["n"]) for row in summary["devices"]] == [
        ("laptop", "Ordinateur portable", 2),
        ("tablet", "Tablette", 1),
    ]
    assert summary["devices_total"] == 3
    everywhere = sales_summary(Device.objects.all())
    assert [(row["key"], row["n"]) for row in everywhere["devices"]] == [
        ("laptop", 2),
        ("smartphone", 1),
        ("tablet", 1),
    ]


def test_a_category_written_around_the_forms_is_still_counted(db, site):
    sold(site, "laptop", 2)
    odd = sold(site, "laptop", 2)
    Device.objects.filter(pk=odd.pk).update(category="drone")  # not one of the choices
    summary = sales_summary(Device.objects.all())
    assert [(row["key"], row["label"], row["n"]) for row in summary["devices"]] == [
        ("laptop", "Ordinateur portable", 1),
        ("drone", "drone", 1),  # after the known categories, under its stored value
    ]
    assert summary["devices_total"] == 2
