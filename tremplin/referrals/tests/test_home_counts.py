"""Referral figures on the staff home page: how many referrals wait, and how many wait too long."""

import re
from datetime import timedelta

import time_machine
from django.urls import reverse

from tremplin.core.home_counts import counts_for, lists_for
from tremplin.core.roles import Role
from tremplin.referrals.choices import Need
from tremplin.referrals.services.callbacks import create_callback_request, mark_called


def figures(user, role):
    return {count.label: count.value for count in counts_for(user, role)}


def test_a_mediator_sees_how_many_referrals_their_site_has_to_process(make_referral, mediator):
    make_referral()
    make_referral()

    assert figures(mediator, Role.MEDIATOR)["orientations à traiter"] == 2


def test_referrals_waiting_too_long_are_counted_as_a_warning(make_referral, mediator):
    with time_machine.travel(timedelta(days=-12), tick=False):
        make_referral()
    make_referral()

    counts = {count.label: count for count in counts_for(mediator, Role.MEDIATOR)}

    # One referral: the singular ("1 orientations en attente" was the fault).
    assert counts["orientation en attente depuis trop longtemps"].value == 1
    assert counts["orientation en attente depuis trop longtemps"].warning


def test_the_home_page_shows_the_figures_with_a_link_to_the_inbox(make_referral, mediator, login):
    make_referral()

    page = login(mediator).get(reverse("core:home")).content.decode()

    assert re.search(r"<strong>1</strong>\s*<a [^>]*>orientation à traiter</a>", page)
    assert reverse("referrals:inbox") in page


def test_referrers_and_observers_get_no_staff_figures(referrer, make_user, make_referral):
    make_referral()
    observer = make_user("observer")

    assert "orientations à traiter" not in figures(referrer, Role.REFERRER)
    assert figures(observer, Role.OBSERVER) == {}


def my_open_referrals(user, role=Role.MEDIATOR):
    (referrals,) = [home_list for home_list in lists_for(user, role) if home_list.key == "referrals"]
    return referrals


def test_the_home_page_lists_the_open_referrals_oldest_first(make_referral, mediator):
    with time_machine.travel(timedelta(days=-12), tick=False):
        old = make_referral(first_name="Élise", last_name="Klein")
    new = make_referral(first_name="Jean", last_name="Le Goff")

    items = my_open_referrals(mediator).items

    assert [item.label for item in items] == ["Élise Klein", "Jean Le Goff"]
    assert items[0].url == reverse("referrals:staff_detail", args=[old.pk])
    assert items[0].warning and "en attente depuis 12 jours" in items[0].badges
    assert not items[1].warning
    assert new.display_code in items[1].detail


def test_closed_referrals_are_not_on_the_home_page(make_referral, mediator):
    referral = make_referral()
    referral.status = "expired"
    referral.save(update_fields=["status"])

    assert my_open_referrals(mediator).items == []


def test_volunteers_and_referrers_get_no_referral_list(make_referral, make_user, referrer):
    make_referral()
    for user, role in ((make_user("volunteer"), Role.VOLUNTEER), (referrer, Role.REFERRER)):
        assert [home_list for home_list in lists_for(user, role) if home_list.key == "referrals"] == []


def ask_callback(site, first_name="Nadia"):
    site.accepts_self_referrals = True
    site.save(update_fields=["accepts_self_referrals"])
    return create_callback_request(site, first_name=first_name, phone="+33612345678", need=Need.PROCEDURE)


def test_call_back_requests_not_called_yet_are_counted_with_a_link_to_where_they_are_handled(
    site, other_site, manager, login
):
    ask_callback(site, "Nadia")
    called = ask_callback(site, "Karim")
    ask_callback(site, "Paul")
    ask_callback(other_site, "Léa")  # another site's request is not theirs
    mark_called(manager, called)

    counts = {count.label: count for count in counts_for(manager, Role.SITE_MANAGER)}

    # Nadia and Paul wait; Karim was called back; Léa asked another site.
    assert counts["demandes de rappel à traiter"].value == 2
    assert counts["demandes de rappel à traiter"].url == reverse("referrals:inbox") + "#callbacks-title"
    page = login(manager).get(reverse("core:home")).content.decode()
    assert re.search(r"<strong>2</strong>\s*<a [^>]*>demandes de rappel à traiter</a>", page)
    inbox = login(manager).get(reverse("referrals:inbox")).content.decode()
    assert 'id="callbacks-title"' in inbox


def test_one_call_back_request_reads_in_the_singular_and_none_shows_no_figure(site, mediator):
    assert "demande de rappel à traiter" not in figures(mediator, Role.MEDIATOR)
    ask_callback(site)

    assert figures(mediator, Role.MEDIATOR)["demande de rappel à traiter"] == 1


def test_volunteers_do_not_get_the_call_back_figure(site, make_user):
    volunteer = make_user("volunteer", at=site)
    ask_callback(site)

    assert not [label for label in figures(volunteer, Role.VOLUNTEER) if "rappel" in label]
