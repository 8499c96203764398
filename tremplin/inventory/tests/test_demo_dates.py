"""The demo's devices have a history spread over past months, not all dated the moment the demo loads.

A fresh tester loaded the demo on the first day of a month: every « Appareil reconditionné » of the statistics
fell in that month's first hour (the demo walks each device through the workflow in one go). The right answer
from the rule: each step after the device's reception, at most STEP_DAYS apart, never after now.
"""

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tremplin.core.demodata import DemoData
from tremplin.inventory import demo as inventory_demo
from tremplin.inventory.models import Device, DeviceEvent, ErasureRecord
from tremplin.people.models import Beneficiary

pytestmark = pytest.mark.django_db
# Just after midnight on the first of a month, Paris: what the tester saw.
LOADED = datetime(2026, 12, 1, 0, 20, tzinfo=ZoneInfo("Europe/Paris"))


# A shorter walk than the demo's 40 devices (fast test), through every kind of step.
JOURNEY = ["refurbished", "graded", "available"] * 4 + ["sold", "sold", "reserved", "recycled", "received"]


def test_demo_devices_are_refurbished_over_past_months(site, make_user, monkeypatch):
    monkeypatch.setattr(inventory_demo, "JOURNEY", JOURNEY)
    with time_machine.travel(LOADED, tick=False):
        person = Beneficiary.objects.create(first_name="Démo", last_name="Personne")
        person.sites.add(site)
        demo = DemoData(sites={"lyon": site}, users={"responsable.lyon": make_user("site_manager", at=site)})
        inventory_demo.seed(demo)
    devices = {device.pk: device for device in Device.objects.filter(serial_number__startswith="DEMO-")}
    assert len(devices) == len(JOURNEY)
    refurbished = DeviceEvent.objects.filter(device__in=devices, to_status="refurbished")
    assert refurbished.count() == 15  # 12 + 2 sold + 1 reserved: all but the recycled and the received one
    months = {event.at.astimezone(ZoneInfo("Europe/Paris")).strftime("%Y-%m") for event in refurbished}
    assert len(months) >= 4, months  # received over 240 days: refurbished over many months, not one
    this_month = refurbished.filter(at__gte=LOADED.replace(hour=0, minute=0)).count()
    assert this_month < refurbished.count() / 2
    for event in DeviceEvent.objects.filter(device__in=devices):
        device = devices[event.device_id]
        assert device.received_at <= event.at <= LOADED, (device.serial_number, event.to_status)
    for device in devices.values():
        steps = list(device.events.order_by("at", "pk").values_list("at", flat=True))
        assert device.status_changed_at == steps[-1]
        if device.status in ("sold", "reserved"):  # it waited in stock: its steps lead up to the sale
            steps = steps[1:]
        step = timedelta(days=inventory_demo.STEP_DAYS)
        assert all(later - earlier <= step for earlier, later in itertools.pairwise(steps))
        if device.status == "recycled":
            assert device.recycled_on < LOADED.date()
    erased = ErasureRecord.objects.filter(device__in=devices)
    assert erased.exists() and all(record.performed_on < LOADED.date() for record in erased)
