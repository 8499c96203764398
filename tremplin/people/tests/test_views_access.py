"""Who may open which page of a person's record (refusals are 404), and the access log it writes."""

import pytest
from django.urls import reverse

from tremplin.core.models import AccessLog

from .factories import EligibilityRecordFactory

pytestmark = pytest.mark.django_db

CASEWORK_PAGES = [
    "people:edit",
    "people:timeline",
    "people:consent_add",
    "people:eligibility_add",
    "people:export",
    "people:export_json",
]
MANAGER_PAGES = ["people:merge_pick", "people:anonymise"]


def url(name, person):
    return reverse(name, args=[person.pk])


@pytest.mark.parametrize("role", ["site_manager", "mediator"])
def test_site_staff_read_the_full_record_and_the_view_is_logged(client_as, helene, role):
    response = client_as(role).get(url("people:detail", helene))
    assert response.status_code == 200
    assert "helene@example.org" in response.text and "1975" in response.text
    assert "Éligibilité" in response.text
    entry = AccessLog.objects.for_object(helene).get(action="view")
    assert entry.actor == response.wsgi_request.user


def test_a_volunteer_sees_name_and_contact_details_only(client_as, helene):
    EligibilityRecordFactory(beneficiary=helene)
    response = client_as("volunteer").get(url("people:detail", helene))
    assert response.status_code == 200
    assert "Lefèvre" in response.text and "06 39 98 00 01" in response.text
    assert "1975" not in response.text and "Éligibilité" not in response.text and "minima" not in response.text
    assert AccessLog.objects.for_object(helene).filter(action="view").exists()


@pytest.mark.parametrize("name", CASEWORK_PAGES + MANAGER_PAGES)
def test_a_volunteer_cannot_open_casework_pages(client_as, helene, name):
    assert client_as("volunteer").get(url(name, helene)).status_code == 404


@pytest.mark.parametrize("role", ["observer", "referrer", "network_admin"])
@pytest.mark.parametrize("name", ["people:detail", *CASEWORK_PAGES, *MANAGER_PAGES])
def test_roles_without_casework_at_the_site_get_a_404(client_as, helene, role, name):
    assert client_as(role).get(url(name, helene)).status_code == 404


@pytest.mark.parametrize("name", ["people:detail", *CASEWORK_PAGES])
def test_staff_of_another_site_get_a_404(client_as, other_site, helene, name):
    assert client_as("mediator", at=other_site).get(url(name, helene)).status_code == 404


@pytest.mark.parametrize("name", CASEWORK_PAGES)
def test_a_mediator_opens_casework_pages(client_as, helene, name):
    assert client_as("mediator").get(url(name, helene)).status_code == 200


@pytest.mark.parametrize("name", MANAGER_PAGES)
def test_merge_and_anonymisation_are_for_site_managers_only(client_as, helene, name):
    assert client_as("mediator").get(url(name, helene)).status_code == 404
    assert client_as("site_manager").get(url(name, helene)).status_code == 200


def test_observers_and_referrers_cannot_list_or_create_people(client_as):
    for role in ("observer", "referrer"):
        client = client_as(role)
        assert client.get(reverse("people:list")).status_code == 404
        assert client.get(reverse("people:create")).status_code == 404


def test_the_timeline_and_export_are_logged(client_as, helene):
    client = client_as("mediator")
    client.get(url("people:timeline", helene))
    client.get(url("people:export", helene))
    client.get(url("people:export_json", helene))
    actions = list(AccessLog.objects.for_object(helene).values_list("action", flat=True))
    assert actions.count("export") == 2 and "view" in actions


def test_the_json_export_is_a_download_named_by_opaque_id(client_as, helene):
    response = client_as("mediator").get(url("people:export_json", helene))
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == f'attachment; filename="personne-{helene.pk}.json"'
    assert response.json()["person"]["last_name"] == "Lefèvre"


def test_a_merged_record_redirects_to_the_kept_one(client_as, helene, site):
    from .factories import BeneficiaryFactory

    old = BeneficiaryFactory(sites=[site], merged_into=helene)
    response = client_as("mediator").get(url("people:detail", old))
    assert response.status_code == 302 and response["Location"] == url("people:detail", helene)


def test_opening_the_edit_form_or_a_merge_comparison_is_logged_as_a_view(client_as, helene, site):
    from .factories import BeneficiaryFactory

    other = BeneficiaryFactory(sites=[site])
    client = client_as("site_manager")
    client.get(url("people:edit", helene))
    client.get(reverse("people:merge_confirm", args=[helene.pk, other.pk]))
    assert AccessLog.objects.for_object(helene).filter(action="view").count() == 2
    assert AccessLog.objects.for_object(other).filter(action="view", reason="merge").exists()
