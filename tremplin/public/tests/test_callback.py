"""'Être rappelé·e': a self-referral in the site's inbox, with a honeypot, a minimum fill time and throttling."""

import html
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tremplin.core.models import AccessLog
from tremplin.public import antiabuse
from tremplin.public.queries import site_slug
from tremplin.referrals.models import CallbackRequest


def answers(**overrides):
    data = {
        "prenom": "Awa",
        "telephone": "06 12 34 56 78",
        "besoin": "procedure",
        "precisions": "Pour ma déclaration CAF.",
        "site_web": "",
        "jeton": antiabuse.form_stamp(time.time() - 10),  # the form was opened ten seconds ago
    }
    data.update(overrides)
    return data


def url(site):
    return reverse("public:callback", args=[site_slug(site)])


def post(client, site, address="198.51.100.7", **overrides):
    return client.post(url(site), answers(**overrides), REMOTE_ADDR=address)


def test_the_form_and_its_notice(client, lyon):
    response = client.get(url(lyon))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ce que nous gardons" in page
    assert "Ils sont effacés 90 jours après votre demande." in page
    assert 'name="site_web"' in page and 'aria-hidden="true"' in page
    assert 'name="jeton"' in page


def test_a_request_lands_in_the_sites_inbox(client, lyon):
    response = post(client, lyon)
    assert response.status_code == 302
    assert response["Location"] == reverse("public:callback_done", args=[site_slug(lyon)])
    callback = CallbackRequest.objects.get()
    assert (callback.site, callback.first_name, str(callback.phone), callback.need) == (
        lyon,
        "Awa",
        "+33612345678",
        "procedure",
    )
    assert callback.message == "Pour ma déclaration CAF."
    assert AccessLog.objects.filter(object_id=str(callback.pk), action="create", actor=None).exists()
    assert "va vous appeler" in client.get(response["Location"]).content.decode()


def test_an_overseas_number_is_accepted(client, lyon):
    assert post(client, lyon, telephone="0693 12 34 56").status_code == 302
    assert str(CallbackRequest.objects.get().phone) == "+262693123456"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (" 06.12.34.56.78 ", "+33612345678"),  # dots, blanks around (pasted)
        ("+262 693 12 34 56", "+262693123456"),  # La Réunion, international form
        ("0590 12 34 56", "+590590123456"),  # Guadeloupe
        ("04-95-12-34-56", "+33495123456"),  # Corsica, dashes
    ],
)
def test_phone_numbers_as_people_write_them(client, lyon, typed, stored):
    assert post(client, lyon, telephone=typed).status_code == 302
    assert str(CallbackRequest.objects.get().phone) == stored


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("telephone", "12", "Ce numéro de téléphone n'est pas lisible"),
        ("telephone", "", "Ce champ est obligatoire"),
        ("prenom", "   ", "Ce champ est obligatoire"),
        ("besoin", "tout", "Sélectionnez un choix valide"),
        ("precisions", "x" * 301, "300 caractères"),
    ],
)
def test_wrong_answers_come_back_with_a_message(client, lyon, field, value, message):
    response = post(client, lyon, **{field: value})
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert not CallbackRequest.objects.exists()


def test_a_site_that_takes_no_self_referral(client, saint_etienne):
    response = client.get(url(saint_etienne))
    assert "ne prend pas de demande de rappel" in response.content.decode()
    post(client, saint_etienne)
    assert not CallbackRequest.objects.exists()


def test_a_robot_filling_the_honeypot_is_thanked_and_ignored(client, lyon):
    response = post(client, lyon, site_web="https://spam.example")
    assert response.status_code == 302
    assert not CallbackRequest.objects.exists()


def test_a_form_sent_too_fast_is_refused(client, lyon):
    response = post(client, lyon, jeton=antiabuse.form_stamp(time.time()))
    assert response.status_code == 200
    assert "Vous avez été très rapide" in response.content.decode()
    assert not CallbackRequest.objects.exists()
    # The page comes back with a new stamp: sent again a few seconds later, it goes through.
    assert 'name="jeton"' in response.content.decode()


@pytest.mark.parametrize("stamp", ["", "forged", None])
def test_a_missing_forged_or_stale_stamp_is_refused(client, lyon, stamp):
    if stamp is None:
        stamp = antiabuse.form_stamp(time.time() - antiabuse.MAX_FORM_AGE_SECONDS - 60)
    response = post(client, lyon, jeton=stamp)
    assert response.status_code == 200
    assert not CallbackRequest.objects.exists()


@override_settings(TREMPLIN_CALLBACK_LIMIT_PER_PHONE=3)
def test_one_phone_number_is_throttled(client, lyon):
    for n, first_name in enumerate(["Awa", "Moussa", "Fatou"]):  # a family's shared phone: three requests
        assert post(client, lyon, address=f"198.51.100.{n}", prenom=first_name).status_code == 302
    refused = post(client, lyon, address="198.51.100.99", telephone="+33 6 12 34 56 78")  # same number, other typing
    assert refused.status_code == 429
    assert CallbackRequest.objects.count() == 3
    assert post(client, lyon, address="198.51.100.98", telephone="06 98 76 54 32").status_code == 302


def test_the_same_person_asking_again_updates_the_waiting_request_instead_of_adding_a_line(client, lyon):
    assert post(client, lyon).status_code == 302
    again = post(client, lyon, prenom="AWA ", telephone="+33 6 12 34 56 78", besoin="equipment", precisions="")
    assert again.status_code == 302  # the same thanks: the request is there
    callback = CallbackRequest.objects.get()  # one line in the inbox, not two
    assert (callback.need, callback.message) == ("equipment", "Pour ma déclaration CAF.")  # last need, précisions kept
    assert post(client, lyon, precisions="Plutôt le matin.").status_code == 302
    assert CallbackRequest.objects.get().message == "Plutôt le matin."
    # Once the site has handled it, asking again (another day: the number's daily limit starts again) is a new one.
    CallbackRequest.objects.update(called_at=timezone.now())
    cache.clear()
    assert post(client, lyon).status_code == 302
    assert CallbackRequest.objects.count() == 2


@override_settings(TREMPLIN_CALLBACK_LIMIT_PER_IP=5)
def test_one_address_is_throttled(client, lyon):
    for n in range(5):
        assert post(client, lyon, telephone=f"06 12 34 56 7{n}").status_code == 302
    refused = post(client, lyon, telephone="06 12 34 56 79")
    assert refused.status_code == 429
    assert "Trop de demandes" in refused.content.decode()
    assert CallbackRequest.objects.count() == 5
    assert post(client, lyon, address="203.0.113.5", telephone="06 12 34 56 79").status_code == 302


def test_throttling_keys_hold_no_personal_data():
    key = antiabuse._key("phone", "+33612345678")
    assert "33612345678" not in key and key.startswith("public-callback:phone:")


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_the_address_behind_the_proxy_is_the_visitors(rf):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="10.0.0.1")
    assert antiabuse.client_address(request) == "203.0.113.9"


def test_the_site_manager_finds_it_in_the_inbox_and_calls_back(client, lyon, make_user, login):
    post(client, lyon)
    callback = CallbackRequest.objects.get()
    manager = make_user("site_manager", at=lyon)
    staff = login(manager)
    inbox = staff.get(reverse("referrals:inbox")).content.decode()
    assert "Demandes de rappel" in inbox and "Awa" in inbox
    assert reverse("referrals:callback_detail", args=[callback.pk]) in inbox
    detail = staff.get(reverse("referrals:callback_detail", args=[callback.pk])).content.decode()
    assert "06 12 34 56 78" in detail and "Aide pour une démarche en ligne" in detail
    assert AccessLog.objects.filter(object_id=str(callback.pk), action="view", actor=manager).exists()
    staff.post(reverse("referrals:callback_called", args=[callback.pk]), {"outcome": "reached"})
    callback.refresh_from_db()
    assert callback.called_by == manager and callback.called_at is not None
    assert "Awa" not in staff.get(reverse("referrals:inbox")).content.decode()


def test_another_sites_staff_do_not_see_it(client, lyon, saint_etienne, make_user, login):
    post(client, lyon)
    callback = CallbackRequest.objects.get()
    other = login(make_user("site_manager", at=saint_etienne))
    assert "Awa" not in other.get(reverse("referrals:inbox")).content.decode()
    assert other.get(reverse("referrals:callback_detail", args=[callback.pk])).status_code == 404
    called = other.post(reverse("referrals:callback_called", args=[callback.pk]), {"outcome": "reached"})
    assert called.status_code == 404


def test_requests_are_deleted_after_the_retention_period(client, lyon):
    post(client, lyon)
    post(client, lyon, telephone="06 98 76 54 32")
    old, recent = CallbackRequest.objects.order_by("created_at")
    CallbackRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=91))
    call_command("expire_referrals", verbosity=0)
    assert list(CallbackRequest.objects.all()) == [recent]


def test_a_shared_wifi_lets_thirty_people_an_hour_through_while_one_number_stays_limited(client, lyon, settings):
    # The defaults (docs/guide-public.md): 30 well-formed requests an hour from one address (a library's Wi-Fi),
    # 3 a day for one phone number.
    assert settings.TREMPLIN_CALLBACK_LIMIT_PER_IP == 30
    assert settings.TREMPLIN_CALLBACK_LIMIT_PER_PHONE == 3
    for n in range(30):
        assert post(client, lyon, telephone=f"06 12 34 56 {n:02d}").status_code == 302, n
    assert post(client, lyon, telephone="06 98 76 54 32").status_code == 429
    assert CallbackRequest.objects.count() == 30


def test_a_mistyped_form_does_not_count_against_the_shared_address(client, lyon, settings):
    settings.TREMPLIN_CALLBACK_LIMIT_PER_IP = 2
    for _ in range(5):
        assert post(client, lyon, telephone="12").status_code == 200  # "not a phone number": shown again
    assert post(client, lyon, telephone="06 12 34 56 01").status_code == 302
    assert post(client, lyon, telephone="06 12 34 56 02").status_code == 302
    assert post(client, lyon, telephone="06 12 34 56 03").status_code == 429
