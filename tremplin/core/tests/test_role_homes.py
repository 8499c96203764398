"""After login each role lands on its own home page, and its menu only offers pages it may open."""

import re
from datetime import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tremplin.core.navigation import ENTRIES, entries_for
from tremplin.core.testing.factories import MembershipFactory, SiteFactory, UserFactory

ROLES = ["network_admin", "site_manager", "mediator", "volunteer", "referrer", "observer"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_lands_on_its_own_home_page(client_as, role):
    response = client_as(role).get(reverse("core:home"))

    assert response.status_code == 200
    assert f"core/home_{role}.html" in [template.name for template in response.templates]


def test_the_login_redirects_to_the_home_page(client, make_user):
    user = make_user("mediator")
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "correct horse battery staple 42"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_someone_with_several_roles_sees_the_home_of_the_widest_one(make_user, login, site):
    user = make_user("site_manager")
    MembershipFactory(user=user, role="mediator", site=site)

    response = login(user).get(reverse("core:home"))

    assert "core/home_site_manager.html" in [template.name for template in response.templates]


def test_an_account_without_any_active_role_gets_a_plain_explanation(login, db):
    response = login(UserFactory()).get(reverse("core:home"))

    assert response.status_code == 200
    assert "core/home_no_role.html" in [template.name for template in response.templates]
    assert [entry.url_name for entry in entries_for(response.wsgi_request.user)] == []


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_entry_a_role_sees_opens_for_that_role(client_as, role):
    client = client_as(role)
    response = client.get(reverse("core:home"))
    shown = response.context["nav_entries"]

    assert shown, "every role has at least the home page"
    for entry in shown:
        assert client.get(entry.url).status_code == 200, f"{role}: {entry.url_name}"


@pytest.mark.parametrize("role", ROLES)
def test_the_menu_shows_only_the_entries_of_the_role(client_as, role):
    content = client_as(role).get(reverse("core:home")).content.decode()

    for entry in ENTRIES:
        link = f'href="{entry.url}"'
        if role in entry.roles:
            assert link in content, f"{role} should see {entry.url_name}"
        elif entry.url_name != "core:home":
            assert f"<li><a {link}" not in content, f"{role} should not see {entry.url_name}"


def test_the_referrer_menu_has_no_site_or_account_pages(client_as):
    names = {entry.url_name for entry in entries_for(client_as("referrer").get("/").wsgi_request.user)}

    assert "network:site_list" not in names
    assert "accounts:user_list" not in names


def test_the_network_admin_dashboard_counts_without_personal_data(client_as, site, other_site, partner):
    response = client_as("network_admin").get(reverse("core:home"))

    assert response.context["site_count"] == 2
    assert response.context["partner_count"] == 1
    assert reverse("network:site_list") in response.content.decode()


def test_site_staff_home_shows_their_sites_only(client_as, site, other_site):
    response = client_as("volunteer", at=site).get(reverse("core:home"))
    content = response.content.decode()

    assert site.name in content
    assert other_site.name not in content


def test_the_observer_home_shows_counts_and_no_names(client_as, site, partner):
    content = client_as("observer").get(reverse("core:home")).content.decode()

    assert site.name not in content
    assert partner.name not in content


@pytest.mark.parametrize("language,lang_attribute", [("fr", 'lang="fr"'), ("en", 'lang="en"')])
def test_the_language_switch_is_a_plain_form_and_the_page_language_follows(client, db, language, lang_attribute):
    response = client.post(reverse("set_language"), {"language": language, "next": "/comptes/login/"}, follow=True)

    assert response.status_code == 200
    assert f"<html {lang_attribute}" in response.content.decode()


@pytest.mark.parametrize(
    "day,expected",
    [
        ("2026-05-13 10:00", "Aujourd'hui : 09:00–12:00, 14:00–17:00"),  # Wednesday
        ("2026-05-16 10:00", "Aujourd'hui : fermé"),  # Saturday
        ("2026-05-01 10:00", "Aujourd'hui : fermé"),  # 1 May, public holiday
    ],
)
def test_site_staff_home_says_whether_their_site_is_open_today(client_as, site, day, expected):
    site.opening_hours = "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
    site.save()
    client = client_as("mediator", at=site)
    with time_machine.travel(timezone.make_aware(datetime.fromisoformat(day)), tick=False):
        content = client.get(reverse("core:home")).content.decode()

    text = " ".join(re.sub(r"<[^>]+>", " ", content).split())
    assert expected in text


def test_the_network_admin_home_lists_agreements_ending_within_60_days(client_as, partner, other_partner):
    partner.agreement_start, partner.agreement_end = "2026-01-01", "2026-06-30"
    partner.save()
    other_partner.agreement_start, other_partner.agreement_end = "2026-01-01", "2027-06-30"
    other_partner.save()
    client = client_as("network_admin")
    with time_machine.travel(timezone.make_aware(datetime(2026, 6, 1, 10)), tick=False):
        response = client.get(reverse("core:home"))

    assert response.context["ending_agreements"] == [partner]
    assert "30 juin 2026" in response.content.decode()


def test_the_menu_marks_the_current_page_and_its_section(client_as, site):
    client = client_as("mediator", at=site)

    listing = client.get(reverse("network:site_list")).content.decode()
    detail = client.get(site.get_absolute_url()).content.decode()

    assert f'href="{reverse("network:site_list")}" aria-current="page"' in listing
    assert f'href="{reverse("network:site_list")}" aria-current="true"' in detail
    assert 'href="/" aria-current' not in detail


@pytest.mark.parametrize("role", ROLES)
def test_each_home_page_runs_a_bounded_number_of_queries(client_as, role, django_assert_max_num_queries):
    client = client_as(role)
    client.get(reverse("core:home"))  # warm caches (sessions, content types)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("core:home")).status_code == 200


def test_a_mediator_home_costs_the_same_queries_with_one_site_or_five(make_user, login, site):
    user = make_user("mediator", at=site)
    client = login(user)
    client.get(reverse("core:home"))
    with CaptureQueriesContext(connection) as one_site:
        client.get(reverse("core:home"))
    for extra in SiteFactory.create_batch(4):
        MembershipFactory(user=user, role="mediator", site=extra)
    with CaptureQueriesContext(connection) as five_sites:
        response = client.get(reverse("core:home"))

    assert len(response.context["sites"]) == 5
    assert len(five_sites) == len(one_site)
