"""Who may see and change sites and partners; refusals answer 404; lists run a bounded number of queries."""

import pytest
from django.urls import reverse

from tremplin.core.testing.factories import MembershipFactory, PartnerFactory, SiteFactory, UserFactory
from tremplin.network.models import Site


@pytest.mark.parametrize("role", ["site_manager", "mediator", "volunteer", "referrer", "observer"])
def test_only_the_national_team_may_create_or_edit_sites_and_partners(client_as, site, partner, role):
    client = client_as(role)
    for url in (
        reverse("network:site_create"),
        reverse("network:site_edit", args=[site.pk]),
        reverse("network:partner_create"),
        reverse("network:partner_edit", args=[partner.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "Piraté"}).status_code == 404, url
    site.refresh_from_db()
    assert site.name == "Espace Lyon test"


def test_a_mediator_cannot_edit_even_their_own_site(client_as, site):
    client = client_as("mediator", at=site)
    response = client.post(reverse("network:site_edit", args=[site.pk]), {"name": "Autre nom"})

    assert response.status_code == 404
    assert Site.objects.get(pk=site.pk).name == "Espace Lyon test"


def test_site_staff_see_their_own_sites_only(client_as, site, other_site):
    client = client_as("mediator", at=site)

    assert client.get(site.get_absolute_url()).status_code == 200
    assert client.get(other_site.get_absolute_url()).status_code == 404
    listing = client.get(reverse("network:site_list")).content.decode()
    assert site.name in listing and other_site.name not in listing


def test_a_network_wide_observer_sees_every_site_but_no_partner(client_as, site, other_site, partner):
    client = client_as("observer")

    listing = client.get(reverse("network:site_list")).content.decode()
    assert site.name in listing and other_site.name in listing
    assert client.get(other_site.get_absolute_url()).status_code == 200
    assert client.get(reverse("network:partner_list")).status_code == 404
    assert client.get(partner.get_absolute_url()).status_code == 404


def test_an_observer_of_one_site_sees_that_site_only(login, site, other_site):
    """docs/roles.md, « Périmètre d'un financeur »: the site directory follows the observer's scope."""
    observer = UserFactory()
    MembershipFactory(user=observer, role="observer", site=site, partner=None)
    client = login(observer)

    listing = client.get(reverse("network:site_list")).content.decode()
    assert site.name in listing and other_site.name not in listing
    assert client.get(site.get_absolute_url()).status_code == 200
    assert client.get(other_site.get_absolute_url()).status_code == 404


def test_a_referrer_sees_only_their_own_partner_organisation(client_as, partner, other_partner, site):
    client = client_as("referrer", at=partner)

    assert client.get(partner.get_absolute_url()).status_code == 200
    assert client.get(other_partner.get_absolute_url()).status_code == 404
    listing = client.get(reverse("network:partner_list")).content.decode()
    assert partner.name in listing and other_partner.name not in listing
    assert client.get(reverse("network:site_list")).status_code == 404
    assert client.get(site.get_absolute_url()).status_code == 404


def test_site_staff_see_every_partner_so_they_know_who_refers_people(client_as, partner, other_partner):
    listing = client_as("volunteer").get(reverse("network:partner_list")).content.decode()

    assert partner.name in listing and other_partner.name in listing


def test_edit_buttons_show_only_for_the_national_team(client_as, site):
    edit_url = reverse("network:site_edit", args=[site.pk])

    assert edit_url in client_as("network_admin").get(site.get_absolute_url()).content.decode()
    assert edit_url not in client_as("site_manager", at=site).get(site.get_absolute_url()).content.decode()


def test_the_site_list_runs_a_bounded_number_of_queries(client_as, django_assert_max_num_queries):
    client = client_as("network_admin")
    SiteFactory.create_batch(30)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("network:site_list"))
    assert response.status_code == 200
    assert len(response.context["page"]) == 25
    assert response.context["page"].paginator.num_pages == 2


def test_the_partner_list_runs_a_bounded_number_of_queries(client_as, django_assert_max_num_queries):
    client = client_as("network_admin")
    PartnerFactory.create_batch(30)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("network:partner_list") + "?page=2")
    assert response.status_code == 200
    assert response.context["page"].number == 2


def test_an_unknown_page_number_shows_the_last_page_instead_of_failing(client_as):
    response = client_as("network_admin").get(reverse("network:site_list") + "?page=abc")

    assert response.status_code == 200


def test_closed_sites_and_inactive_partners_are_marked_as_such(client_as, site, partner):
    site.is_active = False
    site.save()
    partner.is_active = False
    partner.save()
    client = client_as("network_admin")

    assert '<span class="badge">fermé</span>' in client.get(site.get_absolute_url()).content.decode()
    assert '<span class="badge">inactive</span>' in client.get(reverse("network:partner_list")).content.decode()


def test_the_site_list_finds_sites_by_name_code_or_commune_and_keeps_the_search(client_as, site, other_site):
    client = client_as("network_admin")

    by_commune = client.get(reverse("network:site_list"), {"q": "grenoble"})
    by_code = client.get(reverse("network:site_list"), {"q": "LYT"})

    assert list(by_commune.context["page"]) == [other_site]
    assert list(by_code.context["page"]) == [site]
    assert by_commune.context["query_string"] == "q=grenoble"
    assert 'value="grenoble"' in by_commune.content.decode()


def test_a_search_stays_within_what_the_user_may_see(client_as, site, other_site):
    response = client_as("mediator", at=site).get(reverse("network:site_list"), {"q": "Grenoble"})

    assert list(response.context["page"]) == []


def test_the_partner_list_finds_partners_by_type(client_as, partner, other_partner):
    response = client_as("mediator").get(reverse("network:partner_list"), {"q": "asso"})

    assert list(response.context["page"]) == [other_partner]
