"""The stock dashboard's exact counters (models/stock.py): every write keeps them equal to a raw count."""

import contextlib
import random
import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.models import ProtectedError
from django.db.models.deletion import RestrictedError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tremplin.core.roles import Role
from tremplin.core.testing.factories import SiteFactory
from tremplin.inventory.home import stock_counts as home_stock_counts
from tremplin.inventory.models import Device, StockCount
from tremplin.inventory.services import stock_counts
from tremplin.inventory.services.devices import (
    mark_sold,
    receive_device,
    record_erasure,
    reserve_device,
    take_back_sold_device,
    transition,
)
from tremplin.inventory.services.grading import grade_device
from tremplin.inventory.services.transfers import receive_transfer, send_transfer

from .factories import DeviceFactory, laptop_rules, person_at

NEW_LAPTOP = {"category": "laptop", "brand": "Dell", "model_name": "Latitude", "ram_gb": 8, "storage_gb": 256}


def counters():
    return stock_counts.counter_values()


def test_hand_built_devices_are_counted_per_site_status_category_and_grade(db, site, other_site, client_as, make_user):
    for _ in range(3):
        DeviceFactory(site=site, category="laptop", status="received")
    for _ in range(2):
        DeviceFactory(site=site, category="smartphone", status="available", grade="A", computed_grade="A", imei="")
    DeviceFactory(site=site, category="laptop", status="sold", grade="B", computed_grade="B", sold_at=timezone.now())
    DeviceFactory(site=other_site, category="laptop", status="recycled")
    DeviceFactory(site=other_site, category="tablet", status="graded", grade="C", computed_grade="C")

    assert counters() == {
        (site.pk, "received", "laptop", ""): 3,
        (site.pk, "available", "smartphone", "A"): 2,
        (site.pk, "sold", "laptop", "B"): 1,
        (other_site.pk, "recycled", "laptop", ""): 1,
        (other_site.pk, "graded", "tablet", "C"): 1,
    }
    summary = client_as("network_admin").get(reverse("inventory:dashboard")).context
    # In stock: 3 received + 2 available + 1 graded (sold and recycled are out of the stock).
    assert summary["summary"]["in_stock"] == 6
    assert {row["label"]: row["n"] for row in summary["summary"]["by_grade"]} == {"A": 2, "C": 1}
    assert {row["label"]: row["n"] for row in summary["summary"]["by_category"]} == {
        "Ordinateur portable": 3,
        "Smartphone": 2,
        "Tablette": 1,
    }
    assert [(row["site__code"], row["in_stock"], row["available"], row["sold"]) for row in summary["sites"]] == [
        ("GRT", 1, 0, 0),  # Espace Grenoble test
        ("LYT", 5, 2, 1),  # Espace Lyon test
    ]
    # All six in stock were received today: the youngest age bucket.
    assert [bucket["n"] for bucket in summary["summary"]["by_age"]] == [6, 0, 0, 0]
    # The home page's "available for sale": the two smartphones, for the national team and for the site.
    assert [count.value for count in home_stock_counts(make_user("network_admin"), Role.NETWORK_ADMIN)] == [2]
    assert [count.value for count in home_stock_counts(make_user("mediator", at=other_site), Role.MEDIATOR)] == [0]


def test_the_ages_in_stock_older_than_180_days_are_the_rest_of_the_stock(db, site, client_as):
    now = timezone.now()
    for days in (10, 45, 100, 200, 400):
        DeviceFactory(site=site, received_at=now - timedelta(days=days))
    DeviceFactory(site=site, status="recycled", received_at=now - timedelta(days=500))
    by_age = client_as("site_manager").get(reverse("inventory:dashboard")).context["summary"]["by_age"]
    assert [bucket["n"] for bucket in by_age] == [1, 1, 1, 2]


def test_each_service_moves_exactly_one_count(db, site, other_site, make_user):
    actor = make_user("site_manager")
    laptop_rules()
    device = receive_device(actor, site, NEW_LAPTOP)
    assert counters() == {(site.pk, "received", "laptop", ""): 1}
    transition(actor, device, "diagnosis")
    assert counters() == {(site.pk, "diagnosis", "laptop", ""): 1}
    record_erasure(
        actor,
        device,
        method="nist_purge",
        tool="nwipe",
        operator=actor,
        performed_on=timezone.localdate(),
        verified=True,
    )
    assert counters() == {(site.pk, "erased", "laptop", ""): 1}
    transition(actor, Device.objects.get(pk=device.pk), "refurbished")
    grade_device(actor, Device.objects.get(pk=device.pk))  # 8 GB, 256 GB, battery not recorded: grade B
    assert counters() == {(site.pk, "graded", "laptop", "B"): 1}
    transition(actor, Device.objects.get(pk=device.pk), "available")
    person = person_at(site)
    reserve_device(actor, Device.objects.get(pk=device.pk), person, timezone.now() + timedelta(days=3))
    assert counters() == {(site.pk, "reserved", "laptop", "B"): 1}
    mark_sold(actor, Device.objects.get(pk=device.pk), timezone.now(), person)
    assert counters() == {(site.pk, "sold", "laptop", "B"): 1}
    take_back_sold_device(actor, Device.objects.get(pk=device.pk))
    assert counters() == {(site.pk, "returned", "laptop", "B"): 1}
    transition(actor, Device.objects.get(pk=device.pk), "parts")
    transfer = send_transfer(actor, site, other_site, [Device.objects.get(pk=device.pk)])
    assert counters() == {(site.pk, "parts", "laptop", "B"): 1}  # listed at the origin until received
    receive_transfer(actor, transfer, [Device.objects.get(pk=device.pk)])
    assert counters() == {(other_site.pk, "parts", "laptop", "B"): 1}
    transition(actor, Device.objects.get(pk=device.pk), "recycled", recycler="Ecologic", recycled_on=timezone.now())
    assert counters() == {(other_site.pk, "recycled", "laptop", "B"): 1}
    assert stock_counts.differences() == []


def test_editing_the_category_moves_the_count(db, site, client_as):
    device = DeviceFactory(site=site, category="laptop", serial_number="SN-EDIT-1")
    client = client_as("site_manager")
    response = client.post(
        reverse("inventory:device_edit", args=[device.pk]),
        {
            "category": "desktop",
            "brand": "HP",
            "model_name": "EliteDesk",
            "serial_number": "SN-EDIT-1",
            "storage_gb": 256,
            "ram_gb": 8,
            "cosmetic_condition": "good",
        },
    )
    assert response.status_code == 302
    assert counters() == {(site.pk, "received", "desktop", ""): 1}


def test_a_stale_move_that_loses_changes_no_count(db, site, make_user):
    actor = make_user("site_manager")
    device = DeviceFactory(site=site)
    stale = Device.objects.get(pk=device.pk)
    transition(actor, device, "diagnosis")
    with pytest.raises(ValidationError):
        transition(actor, stale, "recycled", recycler="Ecologic", recycled_on=timezone.now())
    assert counters() == {(site.pk, "diagnosis", "laptop", ""): 1}


def test_deleting_devices_takes_them_off(db, site):
    _kept, *gone = [DeviceFactory(site=site) for _ in range(3)]
    gone[0].delete()
    Device.objects.filter(pk=gone[1].pk).delete()
    assert counters() == {(site.pk, "received", "laptop", ""): 1}


def test_after_a_random_sequence_of_operations_the_counters_equal_the_raw_count(db, site, other_site, make_user):
    rng = random.Random(14)
    actor = make_user("site_manager")
    laptop_rules()
    sites = [site, other_site, SiteFactory(code="VLT")]
    people = {s.pk: person_at(s, f"P{s.code}") for s in sites}
    categories = ["laptop", "desktop", "smartphone"]

    def receive(device):
        receive_device(actor, rng.choice(sites), {**NEW_LAPTOP, "category": rng.choice(categories)})

    def to(status):
        return lambda device: transition(actor, device, status)

    def any_move(device):  # often refused by the status machine: a refusal must move nothing either
        to(rng.choice(["diagnosis", "erased", "refurbished", "graded", "available", "parts", "returned"]))(device)

    def erase(device):
        record_erasure(
            actor,
            device,
            method="nist_purge",
            tool="nwipe",
            operator=actor,
            performed_on=timezone.localdate(),
            verified=True,
        )

    def recycle(device):
        transition(actor, device, "recycled", recycler="Ecologic", recycled_on=timezone.now())

    def grade(device):
        grade_device(actor, device, *(("C", "Écran rayé") if rng.random() < 0.3 else ()))

    def reserve(device):
        reserve_device(actor, device, people[device.site_id], timezone.now() + timedelta(days=2))

    def sell(device):
        mark_sold(actor, device, timezone.now(), device.reserved_for or people[device.site_id])

    def take_back(device):
        take_back_sold_device(actor, device)

    def transfer(device):
        to_site = rng.choice([s for s in sites if s.pk != device.site_id])
        sent = send_transfer(actor, device.site, to_site, [device])
        if rng.random() < 0.8:
            receive_transfer(actor, sent, [device])
        else:
            receive_transfer(actor, sent, [], discrepancy_note="Perdu en route")

    def edit(device):
        device.category = rng.choice(categories)
        device.save(update_fields=["category"])

    def delete(device):
        device.delete()

    # The usual next steps from each status, plus moves that may be refused.
    steps = {
        "received": [to("diagnosis"), edit, transfer, delete, receive],
        "diagnosis": [erase, to("parts"), edit],
        "erased": [to("refurbished"), transfer],
        "refurbished": [grade],
        "graded": [to("available"), grade, edit],
        "available": [reserve, sell, transfer, to("graded")],
        "reserved": [sell, to("available")],
        "sold": [take_back, receive],
        "returned": [to("diagnosis"), recycle],
        "parts": [recycle, transfer],
        "recycled": [receive],
    }
    for _ in range(6):
        receive(None)
    for _ in range(300):
        device = rng.choice(list(Device.objects.select_related("site")))
        operation = rng.choice(steps[device.status] + [any_move])
        with contextlib.suppress(ValidationError, ProtectedError, RestrictedError):
            operation(device)
    assert Device.objects.count() > 5
    assert len({key[1] for key in stock_counts.raw_counts()}) >= 5  # the walk reached several statuses
    assert stock_counts.differences() == []
    assert stock_counts.rollup_differences() == []  # the network's and the sites' rows too


def test_the_check_command_finds_a_write_that_bypassed_the_counters_and_rebuild_fixes_it(db, site):
    DeviceFactory(site=site)
    call_command("check_stock_counts")  # exact: no exit
    Device.objects.update(status="diagnosis")  # a bulk write that bypasses the counters
    with pytest.raises(SystemExit) as exited:
        call_command("check_stock_counts")
    assert exited.value.code == 1
    assert stock_counts.differences() == [
        ((site.pk, "diagnosis", "laptop", ""), 0, 1),
        ((site.pk, "received", "laptop", ""), 1, 0),
    ]
    call_command("rebuild_stock_counts")
    assert counters() == {(site.pk, "diagnosis", "laptop", ""): 1}
    call_command("check_stock_counts")


def test_the_dashboard_runs_the_same_queries_for_three_or_thirty_devices(db, site, other_site, client_as):
    client = client_as("network_admin")
    url = reverse("inventory:dashboard")
    for other in (site, other_site, site):
        DeviceFactory(site=other)
    client.get(url)  # warm the session and the caches
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for index in range(27):
        DeviceFactory(
            site=(site, other_site)[index % 2],
            status=("received", "available", "sold")[index % 3],
            grade="A",
            computed_grade="A",
            sold_at=timezone.now(),
        )
    with CaptureQueriesContext(connection) as big:
        response = client.get(url)
    assert response.context["summary"]["in_stock"] == 21  # 3 + 18 received or available
    assert len(big) == len(small)
    # The devices are read only for the recent windows (ages under 180 days, sales of the last 30 days).
    device_queries = [query["sql"] for query in big.captured_queries if 'FROM "inventory_device"' in query["sql"]]
    assert len(device_queries) == 2
    assert all('"received_at" >' in sql or '"sold_at" >=' in sql for sql in device_queries)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_writes_keep_the_counters_exact(site, make_user):
    """Two receptions creating the same counter row at once, and moves of different devices with one key."""
    actor = make_user("site_manager")
    devices = [DeviceFactory(site=site, category="tablet", imei="") for _ in range(4)]
    barrier = threading.Barrier(4)
    errors = []

    def work(index):
        try:
            barrier.wait()
            if index < 2:
                receive_device(actor, site, {**NEW_LAPTOP, "category": "desktop"})
            else:
                for device in devices[(index - 2) * 2 : (index - 1) * 2]:
                    transition(actor, device, "diagnosis")
        except Exception as error:  # reported by the assertion below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(index,)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert counters() == {
        (site.pk, "received", "desktop", ""): 2,
        (site.pk, "diagnosis", "tablet", ""): 4,
    }
    assert stock_counts.differences() == []
    assert StockCount.objects.filter(site=site, status="received", category="desktop").count() == 1
