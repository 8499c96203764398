"""Objects and pages outside a user's scope answer 404, never 403, so they reveal nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_a_site_manager_cannot_open_a_user_who_works_only_at_another_site(make_user, login, site, other_site):
    manager = make_user("site_manager", at=site)
    elsewhere = make_user("mediator", at=other_site)
    client = login(manager)
    assert client.get(f"/equipe/comptes/{elsewhere.uuid}/").status_code == 404
    assert client.post(f"/equipe/comptes/{elsewhere.uuid}/desactiver/").status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.is_active


def test_a_site_manager_opens_a_user_of_their_site(make_user, login, site):
    manager = make_user("site_manager", at=site)
    colleague = make_user("mediator", at=site)
    response = login(manager).get(f"/equipe/comptes/{colleague.uuid}/")
    assert response.status_code == 200
    assert response.context["member"] == colleague


def test_a_site_manager_lists_only_the_staff_of_their_sites(make_user, login, site, other_site):
    manager = make_user("site_manager", at=site)
    colleague = make_user("mediator", at=site)
    elsewhere = make_user("mediator", at=other_site)
    listed = set(login(manager).get("/equipe/comptes/").context["page"].object_list)
    assert colleague in listed
    assert elsewhere not in listed


@pytest.mark.parametrize("role", ["mediator", "volunteer", "referrer", "observer"])
def test_staff_without_a_manager_role_cannot_open_the_account_pages(client_as, make_user, role):
    client = client_as(role)
    assert client.get("/equipe/comptes/").status_code == 404
    assert client.get(f"/equipe/comptes/{make_user('volunteer').uuid}/").status_code == 404


@pytest.mark.parametrize("role", ["site_manager", "mediator", "referrer"])
def test_only_network_admins_edit_a_site(client_as, site, role):
    assert client_as(role).get(f"/reseau/espaces/{site.pk}/modifier/").status_code == 404


def test_a_network_admin_edits_a_site(client_as, site):
    assert client_as("network_admin").get(f"/reseau/espaces/{site.pk}/modifier/").status_code == 200


def test_the_user_list_runs_a_bounded_number_of_queries(client_as, make_user, site):
    client = client_as("network_admin")
    for _ in range(5):
        make_user("mediator", at=site)
    with CaptureQueriesContext(connection) as few:
        client.get("/equipe/comptes/")
    for _ in range(10):
        make_user("volunteer", at=site)
    with CaptureQueriesContext(connection) as many:
        client.get("/equipe/comptes/")
    assert len(many) == len(few)
