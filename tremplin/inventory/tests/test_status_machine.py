import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.inventory.models import DeviceEvent, Status
from tremplin.inventory.services.devices import ALLOWED_TRANSITIONS, allocate_asset_tag, receive_device, transition

from .factories import DeviceFactory, erase

# Moves out of "reserved" need a person: covered in test_reservation.py.
ALL_PAIRS = [(a, b) for a in Status for b in Status if a != b and a != Status.RESERVED]


def ready_device(site, status):
    """A device in `status` that meets every precondition (erasure, grade, price) of the next step."""
    device = DeviceFactory(
        site=site,
        status=status,
        grade="A",
        computed_grade="A",
        solidarity_price=50,
        market_price=100,
        sold_at=timezone.now() if status == Status.SOLD else None,
    )
    erase(device)
    return device


@pytest.mark.parametrize(("from_status", "to_status"), ALL_PAIRS)
def test_the_status_machine_allows_exactly_the_listed_transitions(db, site, make_user, from_status, to_status):
    device = ready_device(site, from_status)
    actor = make_user("mediator")
    allowed = to_status in ALLOWED_TRANSITIONS[from_status] and to_status not in (Status.RESERVED, Status.SOLD)
    details = {"recycler": "Ecologic", "recycled_on": datetime.date(2026, 1, 5)}
    if allowed:
        transition(actor, device, to_status, **details)
        device.refresh_from_db()
        assert device.status == to_status
        assert DeviceEvent.objects.filter(device=device, from_status=from_status, to_status=to_status).exists()
    else:
        with pytest.raises(ValidationError):
            transition(actor, device, to_status, **details)
        device.refresh_from_db()
        assert device.status == from_status


def test_a_device_cannot_become_available_without_an_erasure_record(db, site, make_user):
    device = DeviceFactory(
        site=site, status=Status.GRADED, grade="A", computed_grade="A", solidarity_price=50, market_price=100
    )
    with pytest.raises(ValidationError, match="effacement"):
        transition(make_user("mediator"), device, Status.AVAILABLE)
    device.refresh_from_db()
    assert device.status == Status.GRADED


def test_a_failed_erasure_does_not_count(db, site, make_user):
    device = DeviceFactory(
        site=site, status=Status.GRADED, grade="A", computed_grade="A", solidarity_price=50, market_price=100
    )
    erase(device, verified=False)
    with pytest.raises(ValidationError):
        transition(make_user("mediator"), device, Status.AVAILABLE)


def test_an_unsellable_device_cannot_be_put_on_sale(db, site, make_user):
    device = ready_device(site, Status.GRADED)
    device.grade = device.computed_grade = "unsellable"
    device.save()
    with pytest.raises(ValidationError, match="non vendable"):
        transition(make_user("mediator"), device, Status.AVAILABLE)


def test_recycling_requires_the_recycler_and_the_date(db, site, make_user):
    device = DeviceFactory(site=site, status=Status.PARTS)
    with pytest.raises(ValidationError, match="recycleur"):
        transition(make_user("mediator"), device, Status.RECYCLED)
    transition(
        make_user("mediator"), device, Status.RECYCLED, recycler="Ecologic", recycled_on=datetime.date(2026, 2, 1)
    )
    device.refresh_from_db()
    assert (device.status, device.recycler) == (Status.RECYCLED, "Ecologic")


def test_reservation_and_sale_are_refused_through_the_generic_transition(db, site, make_user):
    device = ready_device(site, Status.AVAILABLE)
    for status in (Status.RESERVED, Status.SOLD):
        with pytest.raises(ValidationError):
            transition(make_user("mediator"), device, status)


def test_a_stale_device_object_loses_against_a_concurrent_move(db, site, make_user):
    device = DeviceFactory(site=site, status=Status.RECEIVED)
    stale = type(device).objects.get(pk=device.pk)
    transition(make_user("mediator"), device, Status.DIAGNOSIS)
    with pytest.raises(ValidationError):
        transition(make_user("mediator"), stale, Status.PARTS)


def test_asset_tags_follow_site_category_year_and_sequence(db, site, make_user):
    site.code = "LY"
    site.save()
    first = allocate_asset_tag(site, "laptop", year=2026)
    second = allocate_asset_tag(site, "laptop", year=2026)
    phone = allocate_asset_tag(site, "smartphone", year=2026)
    assert (first, second, phone) == ("LY-PC-2026-00001", "LY-PC-2026-00002", "LY-TEL-2026-00001")


def test_receiving_a_device_opens_its_history(db, site, make_user):
    actor = make_user("mediator")
    device = receive_device(
        actor, site, {"category": "tablet", "brand": "Samsung", "model_name": "Tab A", "serial_number": "R52N"}
    )
    assert device.status == Status.RECEIVED
    assert device.asset_tag.startswith(f"{site.code}-TAB-")
    assert device.events.get().actor == actor
