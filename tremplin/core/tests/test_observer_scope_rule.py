"""The observer's scope, one rule for every room (tremplin/core/observer_scope.py, docs/roles.md).

Expected scopes are read off the rule as docs/roles.md states it: site memberships and programme grants give
sites; a programme grant narrows a network-wide membership; partner memberships restrict to the partner's
referrals; figures that are not about referred people (stock, sites) follow the sites only.
"""

import pytest
from django.urls import reverse

from tremplin.accounts.models import Membership, User
from tremplin.core.observer_scope import observer_scope
from tremplin.core.roles import Role
from tremplin.core.testing.factories import SiteFactory, UserFactory
from tremplin.inventory.models import Status
from tremplin.inventory.tests.factories import DeviceFactory
from tremplin.inventory.views.dashboard import dashboard_devices
from tremplin.network.models import Site
from tremplin.stats.programmes import Programme, ProgrammeGrant
from tremplin.stats.scope import scope_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(db):
    return {key: SiteFactory(name=f"Espace {key} règle") for key in "ABC"}


def _programme(name, *sites):
    programme = Programme.objects.create(
        name=name, funder_name="Fondation Exemple", starts_on="2026-01-01", ends_on="2026-12-31"
    )
    programme.sites.add(*sites)
    return programme


def _observer(*, site=None, partner=None, network=False, programmes=()):
    user = UserFactory()
    if network:
        Membership.objects.create(user=user, role=Role.OBSERVER)
    if site is not None:
        Membership.objects.create(user=user, role=Role.OBSERVER, site=site)
    if partner is not None:
        Membership.objects.create(user=user, role=Role.OBSERVER, partner=partner)
    for programme in programmes:
        ProgrammeGrant.objects.create(programme=programme, user=user)
    return User.objects.get(pk=user.pk)  # a fresh object: the scope is cached on the user for the request


def test_a_network_wide_membership_alone_gives_the_whole_network(sites):
    user = _observer(network=True)
    assert observer_scope(user).is_network
    assert observer_scope(user).site_ids_for_figures is None
    stats = scope_for(user)
    assert (stats.site_ids, stats.partner_ids, stats.mask_small_counts) == (None, None, True)


def test_a_site_membership_gives_that_site_only(sites):
    user = _observer(site=sites["A"])
    assert observer_scope(user).site_ids == {sites["A"].pk}
    assert scope_for(user).site_ids == {sites["A"].pk}
    assert set(Site.objects.visible_to(user)) == {sites["A"]}


def test_a_programme_grant_narrows_a_network_wide_membership_to_the_programme_sites(sites):
    programme = _programme("Programme règle", sites["B"], sites["C"])
    user = _observer(network=True, programmes=[programme])
    scope = observer_scope(user)
    assert not scope.is_network
    assert scope.from_grants_only
    assert scope.site_ids == {sites["B"].pk, sites["C"].pk}
    stats = scope_for(user)
    assert stats.site_ids == {sites["B"].pk, sites["C"].pk}
    assert stats.mask_small_counts
    assert stats.label == "Programme « Programme règle »"
    assert set(Site.objects.visible_to(user)) == {sites["B"], sites["C"]}


def test_the_grant_narrows_the_stock_dashboard_too(sites):
    programme = _programme("Programme stock", sites["C"])
    DeviceFactory(site=sites["A"], status=Status.RECEIVED)
    in_scope = DeviceFactory(site=sites["C"], status=Status.RECEIVED)
    devices, mask = dashboard_devices(_observer(network=True, programmes=[programme]))
    assert list(devices) == [in_scope]
    assert mask


def test_a_site_membership_and_a_programme_grant_add_up(sites):
    programme = _programme("Programme union", sites["C"])
    user = _observer(site=sites["A"], programmes=[programme])
    assert observer_scope(user).site_ids == {sites["A"].pk, sites["C"].pk}
    assert scope_for(user).site_ids == {sites["A"].pk, sites["C"].pk}


def test_a_partner_membership_restricts_to_the_partner_and_gives_no_site_for_stock(sites, partner):
    user = _observer(partner=partner)
    scope = observer_scope(user)
    assert (scope.site_ids, scope.partner_ids) == (None, {partner.pk})
    assert scope.site_ids_for_figures == frozenset()
    assert scope_for(user).partner_ids == {partner.pk}
    assert not Site.objects.visible_to(user).exists()
    devices, mask = dashboard_devices(user)
    DeviceFactory(site=sites["A"], status=Status.RECEIVED)
    assert not devices.exists() and mask


def test_a_partner_membership_and_a_programme_grant_both_restrict(sites, partner):
    programme = _programme("Programme partenaire", sites["B"])
    user = _observer(partner=partner, programmes=[programme])
    stats = scope_for(user)
    assert (stats.site_ids, stats.partner_ids) == ({sites["B"].pk}, {partner.pk})


def test_a_programme_without_sites_gives_an_empty_scope_never_the_network(sites, login):
    user = _observer(network=True, programmes=[_programme("Programme vide")])
    assert observer_scope(user).site_ids == frozenset()
    assert scope_for(user).site_ids == frozenset()
    client = login(user)
    page = client.get(reverse("stats:dashboard")).content.decode()
    assert "Aucun espace dans votre périmètre" in page
    page = client.get(reverse("inventory:dashboard")).content.decode()
    assert "Aucun espace dans votre périmètre" in page
    page = client.get(reverse("core:home")).content.decode()
    assert "Aucun espace dans votre périmètre" in page
    assert client.get(reverse("network:site_detail", args=[sites["A"].pk])).status_code == 404


def test_revoking_the_grant_gives_the_network_back(sites):
    programme = _programme("Programme retiré", sites["A"])
    user = _observer(network=True, programmes=[programme])
    assert observer_scope(user).site_ids == {sites["A"].pk}
    ProgrammeGrant.objects.filter(user=user).delete()
    assert observer_scope(User.objects.get(pk=user.pk)).is_network


def test_an_inactive_observer_membership_gives_nothing(sites):
    user = _observer(site=sites["A"])
    Membership.objects.filter(user=user).update(is_active=False)
    assert observer_scope(User.objects.get(pk=user.pk)) is None


def test_staff_who_are_also_observers(sites):
    """Site managers keep their exact figures (stats and stock); a volunteer who also observes a programme
    adds their own site to the observer's masked stock page."""
    programme = _programme("Programme mixte", sites["C"])
    manager = UserFactory()
    Membership.objects.create(user=manager, role=Role.SITE_MANAGER, site=sites["A"])
    Membership.objects.create(user=manager, role=Role.OBSERVER)
    manager = User.objects.get(pk=manager.pk)
    assert scope_for(manager).site_ids == {sites["A"].pk}
    assert not scope_for(manager).mask_small_counts
    assert dashboard_devices(manager)[1] is False
    volunteer = _observer(network=True, programmes=[programme])
    Membership.objects.create(user=volunteer, role=Role.VOLUNTEER, site=sites["B"])
    volunteer = User.objects.get(pk=volunteer.pk)
    at_b = DeviceFactory(site=sites["B"], status=Status.RECEIVED)
    at_c = DeviceFactory(site=sites["C"], status=Status.RECEIVED)
    DeviceFactory(site=sites["A"], status=Status.RECEIVED)
    devices, mask = dashboard_devices(volunteer)
    assert set(devices) == {at_b, at_c}
    assert mask
