"""The person's page links to the next steps of the journey (workshops, activity, device) and shows
what is under way; each link only for the roles that may use it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tremplin.inventory.models import Status as DeviceStatus
from tremplin.inventory.tests.factories import DeviceFactory
from tremplin.workshops.tests.factories import EnrollmentFactory, SessionFactory

pytestmark = pytest.mark.django_db

ENROL = "Inscrire à un atelier"
ACTIVITY = "Saisir une activité"
RESERVE = "Réserver un appareil"
DIAGNOSTIC = "Diagnostic numérique"
KIOSK = "Diagnostic en autonomie (kiosque)"
WITHDRAW = "Retrait du consentement"


def page(client, person):
    response = client.get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("role", ["mediator", "site_manager"])
def test_site_staff_get_the_four_next_steps_for_the_person(client_as, helene, site, role):
    response = page(client_as(role), helene)
    links = {action.label: action.url for action in response.context["person_actions"]}
    # The four next steps of the journey, then recording that the person withdraws their consent (last).
    assert list(links) == [ENROL, DIAGNOSTIC, ACTIVITY, RESERVE, WITHDRAW]
    assert links[ENROL] == reverse("workshops:person_enroll", args=[helene.pk])
    assert links[DIAGNOSTIC] == reverse("assessments:person", args=[helene.pk])
    assert links[ACTIVITY] == reverse("activities:quick_entry") + f"?personne={helene.pk}"
    assert links[RESERVE].startswith(reverse("inventory:device_list") + "?status=available")
    assert f"site={site.pk}" in links[RESERVE] and f"personne={helene.pk}" in links[RESERVE]
    html = response.content.decode()
    assert ENROL in html and RESERVE in html


def test_a_volunteer_only_gets_the_kiosk_and_activity_links(client_as, helene):
    response = page(client_as("volunteer"), helene)
    html = response.content.decode()
    # The kiosk lets the person answer the diagnostic alone; the volunteer never reads a result.
    assert [action.label for action in response.context["person_actions"]] == [ACTIVITY, KIOSK]
    assert ACTIVITY in html
    assert ENROL not in html and RESERVE not in html and DIAGNOSTIC not in html


def test_the_activity_link_opens_quick_entry_with_the_person_offered(client_as, helene):
    client = client_as("volunteer")
    (action,) = [a for a in page(client, helene).context["person_actions"] if a.label == ACTIVITY]
    response = client.get(action.url)
    assert response.status_code == 200
    assert str(helene.pk) in response.content.decode()


def test_an_anonymised_record_offers_no_action(client_as, helene):
    helene.anonymised_at = timezone.now()
    helene.save(update_fields=["anonymised_at"])
    assert page(client_as("mediator"), helene).context["person_actions"] == []


def test_the_page_shows_upcoming_sessions_and_reserved_devices_but_not_past_ones(client_as, helene, site):
    past = timezone.now() - timedelta(days=3)
    EnrollmentFactory(
        session=SessionFactory(
            site=site, workshop__title="Atelier passé", starts_at=past, ends_at=past + timedelta(hours=2)
        ),
        beneficiary=helene,
    )
    EnrollmentFactory(session=SessionFactory(site=site, workshop__title="Premiers pas e-mail"), beneficiary=helene)
    DeviceFactory(
        site=site,
        status=DeviceStatus.RESERVED,
        reserved_for=helene,
        reserved_until=timezone.now() + timedelta(days=5),
        asset_tag="LY-PC-2026-00042",
    )
    response = page(client_as("mediator"), helene)
    titles = [item.title for item in response.context["current_items"]]
    assert titles == ["Atelier « Premiers pas e-mail »", "Appareil réservé : LY-PC-2026-00042 Lenovo ThinkPad T480"]
    html = response.content.decode()
    assert "En cours" in html and "Premiers pas e-mail" in html


def test_a_volunteer_does_not_see_what_is_under_way(client_as, helene, site):
    EnrollmentFactory(session=SessionFactory(site=site, workshop__title="Premiers pas e-mail"), beneficiary=helene)
    response = page(client_as("volunteer"), helene)
    assert "current_items" not in response.context
    assert "Premiers pas e-mail" not in response.content.decode()


def test_the_page_with_actions_and_current_items_runs_a_bounded_number_of_queries(
    client_as, helene, site, django_assert_max_num_queries
):
    client = client_as("mediator")
    page(client, helene)
    for _ in range(8):
        EnrollmentFactory(session=SessionFactory(site=site), beneficiary=helene)
        DeviceFactory(
            site=site,
            status=DeviceStatus.RESERVED,
            reserved_for=helene,
            reserved_until=timezone.now() + timedelta(days=5),
        )
    with django_assert_max_num_queries(30):
        response = page(client, helene)
    assert len(response.context["current_items"]) == 16
