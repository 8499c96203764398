import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tremplin.core.models import AccessLog
from tremplin.inventory.models import Device, Status
from tremplin.inventory.services.devices import (
    add_months,
    mark_sold,
    release_expired_reservations,
    reserve_device,
    transition,
)

from .factories import available_device, person_at


def test_reserving_an_available_device_records_the_person_and_the_expiry(db, site, make_user):
    device, person, actor = available_device(site), person_at(site), make_user("mediator")
    until = timezone.now() + timedelta(days=3)
    reserve_device(actor, device, person, until)
    device.refresh_from_db()
    assert (device.status, device.reserved_for, device.reserved_until) == (Status.RESERVED, person, until)
    assert AccessLog.objects.for_object(person).filter(action="update").exists()


def test_a_reserved_device_cannot_be_reserved_again(db, site, make_user):
    device, actor = available_device(site), make_user("mediator")
    reserve_device(actor, device, person_at(site), timezone.now() + timedelta(days=3))
    with pytest.raises(ValidationError, match="disponible"):
        reserve_device(actor, device, person_at(site, "Luc"), timezone.now() + timedelta(days=3))


def test_a_reservation_in_the_past_is_refused(db, site, make_user):
    with pytest.raises(ValidationError):
        reserve_device(make_user("mediator"), available_device(site), person_at(site), timezone.now())


def test_releasing_a_reservation_puts_the_device_back_on_sale(db, site, make_user):
    device, actor = available_device(site), make_user("mediator")
    reserve_device(actor, device, person_at(site), timezone.now() + timedelta(days=3))
    transition(actor, device, Status.AVAILABLE)
    device.refresh_from_db()
    assert (device.status, device.reserved_for) == (Status.AVAILABLE, None)


def test_expired_reservations_are_released_by_the_command(db, site, make_user):
    expired, current = available_device(site), available_device(site)
    actor = make_user("mediator")
    reserve_device(actor, expired, person_at(site), timezone.now() + timedelta(hours=1))
    reserve_device(actor, current, person_at(site, "Luc"), timezone.now() + timedelta(days=3))
    assert release_expired_reservations(now=timezone.now() + timedelta(hours=2)) == 1
    expired.refresh_from_db()
    current.refresh_from_db()
    assert (expired.status, current.status) == (Status.AVAILABLE, Status.RESERVED)
    call_command("release_expired_reservations", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_till_sells_a_device_once_with_a_six_month_warranty(db, site, make_user, settings):
    device, person, actor = available_device(site), person_at(site), make_user("mediator")
    sold_at = timezone.make_aware(timezone.datetime(2026, 8, 31, 15, 0))
    mark_sold(actor, device, sold_at, person)
    device.refresh_from_db()
    assert (device.status, device.sold_to, str(device.warranty_until)) == (Status.SOLD, person, "2027-02-28")
    with pytest.raises(ValidationError):
        mark_sold(actor, device, sold_at, person)


def test_the_warranty_period_is_a_setting(db, site, make_user, settings):
    settings.TREMPLIN_WARRANTY_MONTHS = 12
    device, person = available_device(site), person_at(site)
    mark_sold(make_user("mediator"), device, timezone.now(), person)
    device.refresh_from_db()
    assert device.warranty_until == add_months(timezone.localdate(), 12)


def test_a_device_reserved_for_someone_else_cannot_be_sold(db, site, make_user):
    device, actor = available_device(site), make_user("mediator")
    reserve_device(actor, device, person_at(site), timezone.now() + timedelta(days=2))
    with pytest.raises(ValidationError):
        mark_sold(actor, device, timezone.now(), person_at(site, "Luc"))
    mark_sold(actor, device, timezone.now(), device.reserved_for)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_reservations_of_the_same_device_have_exactly_one_winner(site, make_user):
    device, actor = available_device(site), make_user("mediator")
    people = [person_at(site, f"P{i}") for i in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def reserve(person):
        try:
            stale = Device.objects.get(pk=device.pk)
            barrier.wait()
            reserve_device(actor, stale, person, timezone.now() + timedelta(days=2))
            outcomes.append("won")
        except ValidationError:
            outcomes.append("lost")
        finally:
            connection.close()

    threads = [threading.Thread(target=reserve, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["lost", "won"]
    device.refresh_from_db()
    assert device.status == Status.RESERVED
    assert device.events.filter(to_status=Status.RESERVED).count() == 1


def test_the_reservation_view_searches_people_of_the_users_sites_only(client_as, site, other_site, make_user):
    device = available_device(site)
    person_at(site, "Awa", "Diallo")
    person_at(other_site, "Awa", "Martin")
    client = client_as("mediator")
    response = client.post(f"/materiel/appareils/{device.pk}/reserver/", {"action": "search", "q": "awa"})
    html = response.content.decode()
    assert "Diallo" in html and "Martin" not in html
    assert not Device.objects.filter(status=Status.RESERVED).exists()


def test_the_reservation_search_is_not_read_from_the_url(client_as, site):
    device = available_device(site)
    person_at(site, "Awa", "Diallo")
    response = client_as("mediator").get(f"/materiel/appareils/{device.pk}/reserver/", {"q": "awa"})
    assert "Diallo" not in response.content.decode()


def test_the_reservation_view_reserves_and_refuses_people_outside_scope(client_as, site, other_site):
    device = available_device(site)
    outsider = person_at(other_site, "Hors", "Champ")
    client = client_as("mediator")
    until = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = client.post(f"/materiel/appareils/{device.pk}/reserver/", {"beneficiary": outsider.pk, "until": until})
    assert response.status_code == 404
    person = person_at(site)
    response = client.post(f"/materiel/appareils/{device.pk}/reserver/", {"beneficiary": person.pk, "until": until})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.reserved_for == person


def test_a_volunteer_cannot_reserve(client_as, site, make_user):
    device = available_device(site)
    response = client_as("volunteer").get(f"/materiel/appareils/{device.pk}/reserver/")
    assert response.status_code == 404


def test_the_persons_timeline_shows_the_reservation_to_casework_staff_only(db, site, make_user):
    from tremplin.people.timeline import events_for

    device, person, mediator = available_device(site), person_at(site), make_user("mediator")
    reserve_device(mediator, device, person, timezone.now() + timedelta(days=3))
    assert any(event.kind == "device" for event in events_for(person, mediator))
    assert not any(event.kind == "device" for event in events_for(person, make_user("volunteer")))


def test_a_device_in_transit_cannot_be_reserved_or_sold(db, site, other_site, make_user):
    from tremplin.inventory.services.transfers import send_transfer

    device, actor = available_device(site), make_user("site_manager")
    send_transfer(actor, site, other_site, [device])
    with pytest.raises(ValidationError, match="transfert"):
        reserve_device(actor, device, person_at(site), timezone.now() + timedelta(days=2))
    with pytest.raises(ValidationError, match="transfert"):
        mark_sold(actor, device, timezone.now(), person_at(site, "Luc"))


def test_a_reservation_with_an_unreadable_date_is_refused_with_a_message(client_as, site):
    device = available_device(site)
    person = person_at(site, "Awa", "Diallo")
    response = client_as("mediator").post(
        f"/materiel/appareils/{device.pk}/reserver/", {"beneficiary": person.pk, "until": "31/02/2026"}
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    device.refresh_from_db()
    assert device.status == Status.AVAILABLE
