"""From a person's page to a reserved device: the person's id rides along the device list and detail."""

from urllib.parse import urlencode

from django.urls import reverse

from tremplin.core.models import AccessLog

from .factories import available_device, person_at


def test_the_device_list_keeps_the_person_for_the_reserve_form(client_as, site):
    device, person = available_device(site), person_at(site)
    query = urlencode({"status": "available", "site": site.pk, "personne": person.pk})
    response = client_as("mediator").get(reverse("inventory:device_list") + "?" + query)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Réservation pour la personne dont vous venez" in html
    assert f"{device.get_absolute_url()}?personne={person.pk}" in html
    assert person.last_name not in html  # only the opaque id travels


def test_the_device_page_offers_to_reserve_for_that_person(client_as, site):
    device, person = available_device(site), person_at(site)
    response = client_as("mediator").get(device.get_absolute_url() + f"?personne={person.pk}")
    html = response.content.decode()
    assert f"{reverse('inventory:device_reserve', args=[device.pk])}?personne={person.pk}" in html
    assert "Réserver pour cette personne" in html


def test_the_reserve_form_offers_the_person_straight_away_and_logs_the_view(make_user, login, site):
    device, person = available_device(site), person_at(site)
    mediator = make_user("mediator")
    response = login(mediator).get(reverse("inventory:device_reserve", args=[device.pk]) + f"?personne={person.pk}")
    assert response.context["matches"] == [person]
    assert AccessLog.objects.for_object(person).filter(action="view", actor=mediator).exists()


def test_a_person_outside_the_users_sites_is_not_offered(client_as, site, other_site):
    device, stranger = available_device(site), person_at(other_site)
    response = client_as("mediator").get(
        reverse("inventory:device_reserve", args=[device.pk]) + f"?personne={stranger.pk}"
    )
    assert response.context["matches"] == []


def test_a_malformed_person_id_is_ignored(client_as, site):
    response = client_as("mediator").get(reverse("inventory:device_list") + "?personne=pas-un-id")
    assert response.status_code == 200
    assert response.context["for_person"] == ""


def test_a_volunteer_gets_no_reservation_hint(client_as, site):
    person = person_at(site)
    response = client_as("volunteer").get(reverse("inventory:device_list") + f"?personne={person.pk}")
    assert response.context["for_person"] == ""
