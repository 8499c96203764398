"""Call-back requests after the call: found again in a list of handled requests, and the person's record
started from one (first name, phone, site, as a direct request) without anything personal in the address."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tremplin.people.models import Beneficiary, ContactChannel, Origin
from tremplin.referrals import services
from tremplin.referrals.models import CallbackRequest, Need

pytestmark = pytest.mark.django_db


@pytest.fixture
def callback(site):
    site.accepts_self_referrals = True
    site.save(update_fields=["accepts_self_referrals"])
    return CallbackRequest.objects.create(
        site=site, first_name="Aïssatou", phone="+262693123456", need=Need.choices[0][0]
    )


def test_a_handled_request_leaves_the_inbox_and_is_listed_apart(callback, manager, login):
    staff = login(manager)
    staff.post(reverse("referrals:callback_called", args=[callback.pk]), {"outcome": "reached"})
    inbox = staff.get(reverse("referrals:inbox")).content.decode()
    assert reverse("referrals:callback_detail", args=[callback.pk]) not in inbox
    assert "1 demande de rappel déjà traitée" in inbox
    handled = staff.get(reverse("referrals:callback_list")).content.decode()
    assert "Aïssatou" in handled and reverse("referrals:callback_detail", args=[callback.pk]) in handled


def test_the_list_is_most_recently_called_first_and_only_the_sites_own(callback, site, manager, login, make_user):
    from tremplin.core.testing.factories import SiteFactory

    now = timezone.now()
    CallbackRequest.objects.filter(pk=callback.pk).update(called_at=now - timedelta(days=2))
    later = CallbackRequest.objects.create(
        site=site, first_name="Bérénice", phone="+33612345678", need=Need.choices[0][0], called_at=now
    )
    elsewhere = CallbackRequest.objects.create(
        site=SiteFactory(), first_name="Zoé", phone="+33611111111", need=Need.choices[0][0], called_at=now
    )
    page = login(manager).get(reverse("referrals:callback_list")).content.decode()
    assert page.index(later.first_name) < page.index(callback.first_name)
    assert elsewhere.first_name not in page


def test_the_record_starts_filled_from_the_request_and_nothing_personal_goes_in_the_address(
    callback, site, manager, login
):
    staff = login(manager)
    response = staff.post(reverse("referrals:callback_person", args=[callback.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("people:create")
    assert "693" not in response["Location"] and "Aïssatou" not in response["Location"]
    form = staff.get(response["Location"]).context["form"]
    assert form.initial["first_name"] == "Aïssatou"
    assert form.initial["phone"] == "0693 12 34 56"  # written as people do; the form reads +262 back
    assert form.initial["site"] == site.pk and form.initial["origin"] == Origin.SELF_REFERRAL
    assert form.initial["preferred_channel"] == ContactChannel.PHONE  # they asked to be called back
    # Read once: the next empty form is empty again.
    assert "first_name" not in staff.get(reverse("people:create")).context["form"].initial


def test_the_prefill_asks_for_a_call_and_shows_the_persons_precisions_without_copying_them(callback):
    callback.message = "Je parle surtout créole, appelez après 17 h."
    prefill = services.record_prefill(callback)
    assert prefill["preferred_channel"] == "phone"  # ContactChannel.PHONE, not the record's default SMS
    assert prefill["request_message"] == "Je parle surtout créole, appelez après 17 h."
    assert prefill["request_need"] == Need.choices[0][1]  # the need ticked on the public form
    # The request is deleted after its retention period: nothing of it goes into a field of the record by itself.
    assert "accommodations" not in prefill


def test_the_record_saved_from_a_request_keeps_the_call_shows_the_precisions_and_the_address_stays_clean(
    callback, site, manager, login
):
    callback.message = "Je parle surtout créole, appelez après 17 h."
    callback.save(update_fields=["message"])
    staff = login(manager)
    response = staff.post(reverse("referrals:callback_person", args=[callback.pk]))
    assert "cr%C3%A9ole" not in response["Location"] and "créole" not in response["Location"]
    page = staff.get(response["Location"])
    form = page.context["form"]
    assert "accommodations" not in form.initial
    html = page.content.decode()
    assert "<blockquote>Je parle surtout créole, appelez après 17 h.</blockquote>" in html
    assert f"Besoin indiqué : {Need.choices[0][1]}" in html
    assert "demandez à la personne son nom de famille" in html  # the public form asks for a first name only
    assert '<option value="phone" selected>' in html
    # A form sent back with an error still shows the précisions (they travel in the form's body only).
    data = {key: value for key, value in form.initial.items() if value is not None}
    again = staff.post(
        reverse("people:create"),
        {**data, "request_message": "Je parle surtout créole, appelez après 17 h.", "request_need": "Équipement"},
    )
    assert again.status_code == 200 and "<blockquote>Je parle surtout créole" in again.content.decode()
    assert "Besoin indiqué : Équipement" in again.content.decode()
    # Staff complete the name, copy what serves the accompaniment, and save.
    data = {**data, "last_name": "Payet", "accommodations": "Parle créole ; appeler après 17 h"}
    saved = staff.post(reverse("people:create"), data)
    assert saved.status_code == 302, saved.context["form"].errors
    person = Beneficiary.objects.get(last_name="Payet")
    assert person.preferred_channel == "phone"
    assert person.accommodations == "Parle créole ; appeler après 17 h"
    assert person.origin == Origin.SELF_REFERRAL and str(person.phone) == "+262693123456"


def test_another_sites_staff_cannot_start_a_record_from_it(callback, make_user, login):
    from tremplin.core.testing.factories import SiteFactory

    other = login(make_user("site_manager", at=SiteFactory()))
    assert other.post(reverse("referrals:callback_person", args=[callback.pk])).status_code == 404
    assert other.get(reverse("referrals:callback_list")).status_code == 200


@pytest.mark.parametrize("role", ["volunteer", "referrer", "observer", "network_admin"])
def test_roles_outside_the_sites_casework_see_neither_the_list_nor_start_a_record(
    callback, site, make_user, login, role
):
    client = login(make_user(role, at=site) if role == "volunteer" else make_user(role))  # a volunteer of that site
    assert client.get(reverse("referrals:callback_list")).status_code == 404
    assert client.post(reverse("referrals:callback_person", args=[callback.pk])).status_code == 404


@pytest.mark.parametrize(
    ("outcome", "handled"),
    [
        ("reached", True),
        ("appointment", True),
        ("wrong_number", True),
        ("message_left", False),
        ("no_answer", False),
    ],
)
def test_each_call_outcome_is_noted_and_only_a_final_one_ends_the_request(callback, manager, login, outcome, handled):
    staff = login(manager)
    page = staff.get(reverse("referrals:callback_detail", args=[callback.pk])).content.decode()
    for label in ("Personne jointe", "Rendez-vous fixé", "Message laissé", "Pas de réponse", "Coordonnées erronées"):
        assert label in page
    staff.post(reverse("referrals:callback_called", args=[callback.pk]), {"outcome": outcome})
    callback.refresh_from_db()
    assert callback.outcome == outcome and callback.last_attempt_at is not None
    assert (callback.called_at is not None) is handled
    inbox = staff.get(reverse("referrals:inbox")).content.decode()
    assert (reverse("referrals:callback_detail", args=[callback.pk]) in inbox) is not handled


def test_an_unknown_outcome_is_refused_and_changes_nothing(callback, manager, login):
    staff = login(manager)
    staff.post(reverse("referrals:callback_called", args=[callback.pk]), {"outcome": "declined"})
    callback.refresh_from_db()
    assert not callback.outcome and callback.called_at is None


def test_a_record_made_from_a_request_handles_it_and_links_both_ways(callback, site, manager, login):
    import re

    staff = login(manager)
    staff.post(reverse("referrals:callback_person", args=[callback.pk]))
    page = staff.get(reverse("people:create"))
    data = {key: value for key, value in page.context["form"].initial.items() if value is not None}
    source = re.search(r'name="source" value="([^"]+)"', page.content.decode()).group(1)
    assert source != f"callback:{callback.pk}"  # signed, not a bare id one could change
    saved = staff.post(reverse("people:create"), {**data, "last_name": "Payet", "source": source})
    assert saved.status_code == 302
    person = Beneficiary.objects.get(last_name="Payet")
    callback.refresh_from_db()
    assert callback.beneficiary == person and callback.called_at is not None and callback.called_by == manager
    assert (
        reverse("referrals:callback_detail", args=[callback.pk])
        not in staff.get(reverse("referrals:inbox")).content.decode()
    )
    detail = staff.get(reverse("referrals:callback_detail", args=[callback.pk])).content.decode()
    assert person.get_absolute_url() in detail and "Créer la fiche de la personne" not in detail
    record = staff.get(person.get_absolute_url()).content.decode()
    assert reverse("referrals:callback_detail", args=[callback.pk]) in record  # and back, on the timeline


def test_a_forged_source_links_nothing(callback, site, manager, login):
    staff = login(manager)
    staff.post(reverse("referrals:callback_person", args=[callback.pk]))
    page = staff.get(reverse("people:create"))
    data = {key: value for key, value in page.context["form"].initial.items() if value is not None}
    staff.post(reverse("people:create"), {**data, "last_name": "Payet", "source": f"callback:{callback.pk}"})
    callback.refresh_from_db()
    assert callback.beneficiary is None and callback.called_at is None


def test_staff_of_another_site_do_not_get_the_link_on_the_persons_timeline(callback, manager, make_user):
    from tremplin.core.testing.factories import SiteFactory
    from tremplin.people.timeline import providers
    from tremplin.referrals.integration import callback_timeline

    person = Beneficiary.objects.create(first_name="Aïssatou", last_name="Payet", birth_year=1990)
    CallbackRequest.objects.filter(pk=callback.pk).update(beneficiary=person)
    assert callback_timeline in providers()
    (mine,) = callback_timeline(person, manager)
    assert mine.url == reverse("referrals:callback_detail", args=[callback.pk])
    (theirs,) = callback_timeline(person, make_user("site_manager", at=SiteFactory()))
    assert theirs.url == ""
