"""The messages staff pass on by phone are named for what they are, in the menu and on the home page, so that
they are not taken for the public's call-back requests (« Être rappelé·e »), which are handled in « Orientations
reçues » and counted on the home page with a link to their list."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from tremplin.referrals.choices import Need
from tremplin.referrals.services.callbacks import create_callback_request

from .test_views import queue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tuesday_morning():
    with time_machine.travel(datetime(2026, 12, 1, 9, tzinfo=UTC), tick=False):  # 10:00 in Lyon
        yield


def test_the_home_page_names_each_list_and_leads_to_it(client_as, make_person, site):
    queue(make_person(preferred_channel="phone"), "a")
    queue(make_person(first_name="Karim", preferred_channel="phone"), "b")
    site.accepts_self_referrals = True
    site.save(update_fields=["accepts_self_referrals"])
    create_callback_request(site, first_name="Nadia", phone="+33612345679", need=Need.PROCEDURE)
    client = client_as("mediator")
    page = client.get(reverse("core:home")).content.decode()
    to_call = reverse("notifications:to_call")
    assert re.search(rf'<strong>2</strong>\s*<a href="{to_call}"[^>]*>messages à transmettre par téléphone</a>', page)
    callbacks = reverse("referrals:inbox") + "#callbacks-title"
    assert re.search(rf'<strong>1</strong>\s*<a href="{callbacks}"[^>]*>demande de rappel à traiter</a>', page)
    assert "à appeler" not in page.lower()
    # The menu says the same; the call-back requests stay under « Orientations reçues ».
    assert f'href="{to_call}"' in page and ">Messages à transmettre<" in page
    assert ">Orientations reçues<" in page
    listed = client.get(to_call).content.decode()
    assert "<h1>Messages à transmettre par téléphone</h1>" in listed and "Nadia" not in listed


def test_one_message_reads_in_the_singular(client_as, make_person):
    queue(make_person(preferred_channel="phone"), "a")
    page = client_as("site_manager").get(reverse("core:home")).content.decode()
    assert re.search(r"<strong>1</strong>\s*<a [^>]*>message à transmettre par téléphone</a>", page)
