"""Programmes: created by the national team, progress against targets, granted to an observer as scope."""

from datetime import date

import pytest
from django.urls import reverse

from tremplin.core.testing.factories import MembershipFactory, UserFactory
from tremplin.stats.programmes import Programme, ProgrammeGrant, programme_progress
from tremplin.stats.scope import scope_for

from .conftest import PERSONAL

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(site, partner):
    programme = Programme.objects.create(
        name="Inclusion numérique 2026",
        funder_partner=partner,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 6, 30),
    )
    programme.sites.set([site])
    programme.targets.create(kind="activities", value=10)
    programme.targets.create(kind="accompaniments", value=8)
    programme.targets.create(kind="support_hours", value=7)
    return programme


def form_data(site, **overrides):
    data = {
        "name": "Conseillers numériques Rhône",
        "funder_partner": "",
        "funder_name": "Département du Rhône",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "sites": [str(site.pk)],
        "description": "",
        "target_people": "300",
        "target_devices": "120",
        "target_workshop_hours": "1000",
    }
    data.update(overrides)
    return data


def test_the_national_team_creates_a_programme_with_its_targets(client_as, site):
    response = client_as("network_admin").post(reverse("stats:programme_create"), form_data(site))
    programme = Programme.objects.get()
    assert response.status_code == 302 and response["Location"] == programme.get_absolute_url()
    assert programme.funder == "Département du Rhône"
    assert {(target.kind, target.value) for target in programme.targets.all()} == {
        ("people", 300),
        ("devices", 120),
        ("workshop_hours", 1000),
    }
    # Editing: a target emptied is removed, a new one added.
    client_as("network_admin").post(
        reverse("stats:programme_edit", args=[programme.pk]),
        form_data(site, target_people="", target_activities="50"),
    )
    assert {(target.kind, target.value) for target in programme.targets.all()} == {
        ("devices", 120),
        ("workshop_hours", 1000),
        ("activities", 50),
    }


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"funder_name": ""}, "funder_name"),
        ({"ends_on": "2025-12-31"}, "ends_on"),
        ({"target_people": "0"}, "target_people"),
        ({"target_people": "beaucoup"}, "target_people"),
        ({"sites": []}, "sites"),
        ({"starts_on": "31/02/2026"}, "starts_on"),
    ],
)
def test_bad_programme_input_is_refused_next_to_the_field(client_as, site, overrides, field):
    response = client_as("network_admin").post(reverse("stats:programme_create"), form_data(site, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Programme.objects.exists()


@pytest.mark.parametrize("role", ["site_manager", "mediator", "observer"])
def test_only_the_national_team_edits_programmes(client_as, role, programme):
    assert client_as(role).get(reverse("stats:programme_edit", args=[programme.pk])).status_code == 404
    assert client_as(role).get(reverse("stats:programme_create")).status_code == 404


def test_progress_against_each_target(data_set, programme):
    progress = {row.target.kind: row for row in programme_progress(programme)}
    # At the site, 01/01–30/06/2026: A1, A2, A3 = 3 activities; 1 + 1 + 6 = 8 accompaniments; 60+30+120 min.
    assert (progress["activities"].achieved, progress["activities"].percent) == (3, 30)
    assert (progress["accompaniments"].achieved, progress["accompaniments"].reached) == (8, True)
    assert (progress["support_hours"].achieved, progress["support_hours"].percent) == (3.5, 50)


def test_the_programme_page_shows_bars_with_numbers(client_as, data_set, programme):
    page = client_as("network_admin").get(programme.get_absolute_url()).content.decode()
    assert "3 sur un objectif de 10 (30 %)" in page
    assert "8 sur un objectif de 8 (100 %)" in page and "objectif atteint" in page
    assert '<progress max="100" value="30"' in page


def test_a_programme_granted_to_an_observer_becomes_their_scope(client_as, make_user, login, data_set, programme):
    observer = make_user("observer")  # a role naming neither site nor partner…
    ProgrammeGrant.objects.create(programme=programme, user=observer)
    scope = scope_for(observer)  # …and a programme: the programme only
    assert scope.site_ids == frozenset({programme.sites.get().pk})
    assert scope.mask_small_counts and "Inclusion numérique 2026" in scope.label
    client = login(observer)
    page = client.get(programme.get_absolute_url()).content.decode()
    # Masked for an observer: 3 activities show as "< 5", and no share that would give the count back.
    assert "&lt; 5 sur un objectif de 10" in page and "(30 %)" not in page
    assert "8 sur un objectif de 8 (100 %)" in page
    for personal in PERSONAL:
        assert personal not in page


def test_a_programme_not_granted_is_invisible_to_an_observer_of_another_site(other_site, login, programme):
    user = UserFactory()
    MembershipFactory(user=user, role="observer", site=other_site, partner=None)
    client = login(user)
    assert client.get(programme.get_absolute_url()).status_code == 404
    assert "Inclusion numérique 2026" not in client.get(reverse("stats:programme_list")).content.decode()


def test_a_site_manager_sees_the_programmes_of_their_sites(client_as, programme):
    assert client_as("site_manager").get(programme.get_absolute_url()).status_code == 200


def test_the_dashboard_programme_filter_narrows_to_the_programme_sites(client_as, data_set, programme):
    query = {"periode": "personnalisee", "du": "2026-01-01", "au": "2026-06-30", "programme": programme.pk}
    response = client_as("network_admin").get(reverse("stats:dashboard"), query)
    board = response.context["board"]
    assert board.block("activities").figure("activities").value == 3  # the site's only, not the network's 5


def test_granting_and_revoking_access(client_as, make_user, programme):
    observer = make_user("observer")
    admin = client_as("network_admin")
    admin.post(reverse("stats:programme_grant", args=[programme.pk]), {"user": str(observer.pk)})
    grant = ProgrammeGrant.objects.get()
    assert grant.user == observer
    admin.post(reverse("stats:programme_revoke_grant", args=[programme.pk, grant.pk]))
    assert not ProgrammeGrant.objects.exists()
    # Only observer accounts can be granted a programme.
    mediator = make_user("mediator")
    admin.post(reverse("stats:programme_grant", args=[programme.pk]), {"user": str(mediator.pk)})
    assert not ProgrammeGrant.objects.exists()
