"""Referral figures on the staff home page: how many referrals wait, and how many wait too long."""

import re
from datetime import timedelta

import time_machine
from django.urls import reverse

from tremplin.core.home_counts import counts_for
from tremplin.core.roles import Role


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
