"""Memberships and deactivation: managers change roles where they may; deactivation ends sessions at once."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from tremplin.accounts.models import Membership
from tremplin.core.models import AccessLog
from tremplin.core.testing.factories import TEST_PASSWORD, MembershipFactory

CONFIRMED = {"confirmed": "1"}  # the confirmation step (core/confirm.py) already answered


def url(user, action=""):
    return f"/equipe/comptes/{user.uuid}/{action}"


@pytest.fixture
def admin(make_user):
    return make_user("network_admin")


def test_a_network_admin_adds_a_role(admin, login, make_user, other_site):
    mediator = make_user("mediator")
    response = login(admin).post(url(mediator, "roles/"), {"role": "volunteer", "site": other_site.pk})
    assert response.status_code == 302
    assert mediator.memberships.filter(role="volunteer", site=other_site, is_active=True).exists()
    assert AccessLog.objects.for_object(mediator).filter(reason="membership added").exists()


def test_adding_a_role_already_held_is_an_error_and_saves_nothing(admin, login, make_user, site):
    mediator = make_user("mediator", at=site)
    response = login(admin).post(url(mediator, "roles/"), {"role": "mediator", "site": site.pk})
    assert response.status_code == 400
    assert "Cette personne a déjà ce rôle à cet endroit." in response.context["form"].non_field_errors()
    assert mediator.memberships.count() == 1


def test_a_site_manager_cannot_add_a_role_at_another_site(make_user, login, site, other_site):
    manager = make_user("site_manager", at=site)
    mediator = make_user("mediator", at=site)
    response = login(manager).post(url(mediator, "roles/"), {"role": "mediator", "site": other_site.pk})
    assert response.status_code == 400
    assert "site" in response.context["form"].errors
    assert mediator.memberships.count() == 1


def test_a_membership_is_ended_not_deleted(admin, login, make_user):
    mediator = make_user("mediator")
    membership = mediator.memberships.get()
    response = login(admin).post(f"/equipe/roles/{membership.pk}/retirer/", CONFIRMED)
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.is_active is False


def test_a_site_manager_cannot_end_a_membership_at_another_site(make_user, login, site, other_site):
    manager = make_user("site_manager", at=site)
    elsewhere = make_user("mediator", at=other_site)
    membership = elsewhere.memberships.get()
    assert login(manager).post(f"/equipe/roles/{membership.pk}/retirer/", CONFIRMED).status_code == 404
    membership.refresh_from_db()
    assert membership.is_active


def test_role_changes_are_post_only(admin, login, make_user):
    mediator = make_user("mediator")
    membership = mediator.memberships.get()
    client = login(admin)
    assert client.get(f"/equipe/roles/{membership.pk}/retirer/").status_code == 405
    assert client.get(url(mediator, "desactiver/")).status_code == 405
    mediator.refresh_from_db()
    assert mediator.is_active and Membership.objects.get(pk=membership.pk).is_active


def test_deactivation_ends_the_users_open_sessions_at_once(admin, login, make_user, django_capture_on_commit_callbacks):
    mediator = make_user("mediator")
    their_browser = Client()
    their_browser.post("/comptes/login/", {"login": mediator.email, "password": TEST_PASSWORD})
    assert their_browser.get("/equipe/mon-compte/").status_code == 200
    session_key = their_browser.session.session_key

    with django_capture_on_commit_callbacks(execute=True):
        response = login(admin).post(url(mediator, "desactiver/"), CONFIRMED)
    assert response.status_code == 302

    response = their_browser.get("/equipe/mon-compte/")
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")
    assert not Session.objects.filter(session_key=session_key).exists()
    mediator.refresh_from_db()
    assert mediator.is_active is False
    assert AccessLog.objects.for_object(mediator).filter(action="deactivate").exists()


def test_a_deactivated_user_cannot_log_in(admin, login, make_user, client):
    mediator = make_user("mediator")
    login(admin).post(url(mediator, "desactiver/"), CONFIRMED)
    response = Client().post("/comptes/login/", {"login": mediator.email, "password": TEST_PASSWORD})
    assert "_auth_user_id" not in response.client.session


def test_a_site_manager_deactivates_someone_who_works_only_at_their_site(make_user, login, site):
    manager = make_user("site_manager", at=site)
    volunteer = make_user("volunteer", at=site)
    login(manager).post(url(volunteer, "desactiver/"), CONFIRMED)
    volunteer.refresh_from_db()
    assert volunteer.is_active is False


def test_a_site_manager_cannot_deactivate_someone_who_also_works_elsewhere(make_user, login, site, other_site):
    manager = make_user("site_manager", at=site)
    mediator = make_user("mediator", at=site)
    MembershipFactory(user=mediator, role="mediator", site=other_site)
    client = login(manager)
    response = client.post(url(mediator, "desactiver/"), CONFIRMED, follow=True)
    assert "Vous ne pouvez pas désactiver ce compte." in [str(m) for m in response.context["messages"]]
    mediator.refresh_from_db()
    assert mediator.is_active


@pytest.mark.parametrize("role", ["network_admin", "site_manager"])
def test_nobody_can_deactivate_themselves(make_user, login, role):
    me = make_user(role)
    response = login(me).post(url(me, "desactiver/"), CONFIRMED, follow=True)
    assert "Vous ne pouvez pas désactiver ce compte." in [str(m) for m in response.context["messages"]]
    me.refresh_from_db()
    assert me.is_active


def test_a_network_admin_reactivates_an_account(admin, login, make_user):
    mediator = make_user("mediator", is_active=False)
    login(admin).post(url(mediator, "reactiver/"))
    mediator.refresh_from_db()
    assert mediator.is_active


def test_ending_a_role_or_deactivating_asks_for_confirmation_first(admin, login, make_user):
    mediator = make_user("mediator")
    membership = mediator.memberships.get()
    client = login(admin)

    ending = client.post(f"/equipe/roles/{membership.pk}/retirer/")
    deactivating = client.post(url(mediator, "desactiver/"))

    assert ending.status_code == deactivating.status_code == 200
    assert "data-confirm-step" in ending.content.decode() and "data-confirm-step" in deactivating.content.decode()
    mediator.refresh_from_db()
    assert mediator.is_active and Membership.objects.get(pk=membership.pk).is_active
