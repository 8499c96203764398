"""The stock counters' rollups (models/stock.py): the network's row per (status, category, grade) and each site's
row per status, moved by the same writes as the per-site counters and read by the dashboard and the home page."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tremplin.core.roles import Role
from tremplin.inventory.home import stock_counts as home_stock_counts
from tremplin.inventory.models import Device, StockCount
from tremplin.inventory.services import stock_counts
from tremplin.inventory.services.devices import mark_sold, receive_device, transition
from tremplin.inventory.services.transfers import receive_transfer, send_transfer

from .factories import DeviceFactory, laptop_rules, person_at

NEW_TABLET = {"category": "tablet", "brand": "Apple", "model_name": "iPad 6", "storage_gb": 32}


def test_each_device_counts_once_in_its_row_its_sites_row_and_the_networks_row(db, site, other_site, make_user):
    actor = make_user("site_manager")
    laptop_rules()
    at_site = receive_device(actor, site, NEW_TABLET)
    at_other_site = receive_device(actor, other_site, NEW_TABLET)
    assert stock_counts.all_counter_values() == {
        (site.pk, "received", "tablet", ""): 1,
        (other_site.pk, "received", "tablet", ""): 1,
        (None, "received", "tablet", ""): 2,  # the network: both sites
        (site.pk, "received", "", ""): 1,  # each site, every category and grade
        (other_site.pk, "received", "", ""): 1,
    }
    transition(actor, at_site, "diagnosis")
    transfer = send_transfer(actor, site, other_site, [Device.objects.get(pk=at_site.pk)])
    receive_transfer(actor, transfer, [Device.objects.get(pk=at_site.pk)])
    # Both tablets are now at the other site, one of them in diagnosis; the first site's rows are at zero.
    assert stock_counts.all_counter_values() == {
        (other_site.pk, "received", "tablet", ""): 1,
        (other_site.pk, "diagnosis", "tablet", ""): 1,
        (None, "received", "tablet", ""): 1,
        (None, "diagnosis", "tablet", ""): 1,
        (other_site.pk, "received", "", ""): 1,
        (other_site.pk, "diagnosis", "", ""): 1,
    }
    sold = DeviceFactory(site=site, category="laptop", status="available", grade="A", computed_grade="A")
    mark_sold(actor, sold, timezone.now(), person_at(site))
    at_other_site.delete()
    assert stock_counts.all_counter_values() == {
        (other_site.pk, "diagnosis", "tablet", ""): 1,
        (site.pk, "sold", "laptop", "A"): 1,
        (None, "diagnosis", "tablet", ""): 1,
        (None, "sold", "laptop", "A"): 1,
        (other_site.pk, "diagnosis", "", ""): 1,
        (site.pk, "sold", "", ""): 1,
    }
    assert stock_counts.differences() == []
    assert stock_counts.rollup_differences() == []


def test_the_check_finds_a_wrong_rollup_and_rebuild_fixes_it(db, site):
    DeviceFactory(site=site)
    DeviceFactory(site=site, category="desktop")
    call_command("check_stock_counts")
    StockCount.objects.filter(site__isnull=True, category="laptop").update(n=F("n") + 2)
    StockCount.objects.filter(site=site, category="").update(n=F("n") - 1)
    assert stock_counts.differences() == []  # the per-site counters are right
    assert stock_counts.rollup_differences() == [
        ((None, "received", "laptop", ""), 3, 1),
        ((site.pk, "received", "", ""), 1, 2),
    ]
    with pytest.raises(SystemExit) as exited:
        call_command("check_stock_counts")
    assert exited.value.code == 1
    assert call_command("rebuild_stock_counts") is None
    assert stock_counts.rollup_differences() == []
    # 2 counters (laptop, desktop), 2 network rows, 1 row for the site.
    assert StockCount.objects.count() == 5


def test_the_national_dashboard_and_home_read_the_rollups_not_the_sites_rows(
    db, site, other_site, client_as, make_user
):
    for place, category in ((site, "laptop"), (site, "tablet"), (other_site, "tablet"), (other_site, "tablet")):
        DeviceFactory(site=place, category=category, status="available", grade="B", computed_grade="B", imei="")
    DeviceFactory(
        site=other_site, category="laptop", status="sold", grade="A", computed_grade="A", sold_at=timezone.now()
    )
    client = client_as("network_admin")
    client.get(reverse("inventory:dashboard"))
    with CaptureQueriesContext(connection) as queries:
        context = client.get(reverse("inventory:dashboard")).context
    counter_queries = [q["sql"] for q in queries.captured_queries if 'FROM "inventory_stockcount"' in q["sql"]]
    assert len(counter_queries) == 2
    assert '"inventory_stockcount"."site_id" IS NULL' in counter_queries[0]  # the network's rows, as they are
    assert "GROUP BY" not in counter_queries[0]
    assert '"inventory_stockcount"."site_id" IS NOT NULL' in counter_queries[1]  # the sites' rows per status
    summary = context["summary"]
    assert summary["in_stock"] == 4
    assert {row["key"]: row["n"] for row in summary["by_status"]} == {"available": 4, "sold": 1}
    assert {row["key"]: row["n"] for row in summary["by_category"]} == {"laptop": 1, "tablet": 3}
    assert [(row["site__code"], row["in_stock"], row["available"], row["sold"]) for row in context["sites"]] == [
        ("GRT", 2, 2, 1),  # Espace Grenoble test
        ("LYT", 2, 2, 0),  # Espace Lyon test
    ]
    assert [count.value for count in home_stock_counts(make_user("network_admin"), Role.NETWORK_ADMIN)] == [4]
    assert [count.value for count in home_stock_counts(make_user("mediator", at=site), Role.MEDIATOR)] == [2]


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_receptions_at_two_sites_at_once_keep_the_networks_row_exact(site, other_site, make_user):
    """Four receptions of the same key at two sites at once: all of them wait on (or create) one network row."""
    actors = {place.pk: make_user("site_manager", at=place) for place in (site, other_site)}
    barrier = threading.Barrier(4)
    errors = []

    def work(index):
        place = (site, other_site)[index % 2]
        try:
            barrier.wait()
            receive_device(actors[place.pk], place, NEW_TABLET)
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
    assert stock_counts.all_counter_values() == {
        (site.pk, "received", "tablet", ""): 2,
        (other_site.pk, "received", "tablet", ""): 2,
        (None, "received", "tablet", ""): 4,
        (site.pk, "received", "", ""): 2,
        (other_site.pk, "received", "", ""): 2,
    }
    assert StockCount.objects.filter(site__isnull=True).count() == 1
    assert stock_counts.rollup_differences() == []
