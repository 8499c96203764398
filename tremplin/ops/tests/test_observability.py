"""Health probes, JSON logs with request and user ids and nothing personal, and the Sentry scrubber."""

import json

import pytest
from django.test import Client

from tremplin.notifications.services import queue_message, send_due_messages
from tremplin.ops.sentry import scrub

NAME = ("Philomène", "Kerguelen")
PHONE_E164 = "+33698765432"
PHONE_NATIONAL = "06 98 76 54 32"
EMAIL = "philomene.kerguelen@example.org"


@pytest.mark.django_db
def test_liveness_and_readiness_need_no_login_and_say_nothing_personal():
    client = Client()
    live = client.get("/sante/")
    assert live.status_code == 200 and live.json() == {"status": "ok"}
    ready = client.get("/sante/pret/")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "checks": {"database": "ok"}}


@pytest.mark.django_db
def test_readiness_fails_when_redis_is_configured_but_unreachable(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = Client().get("/sante/pret/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "checks": {"database": "ok", "redis": "error"}}


@pytest.mark.django_db
def test_log_lines_are_json_with_the_request_id_and_the_user_id(make_user, login, captured_logs):
    user = make_user("site_manager")
    client = login(user)
    client.get("/page-qui-n-existe-pas/?q=Kerguelen", HTTP_X_REQUEST_ID="abcdef123456")
    lines = [json.loads(line) for line in captured_logs.getvalue().splitlines() if line.strip()]
    not_found = [line for line in lines if line.get("logger") == "django.request"]
    assert not_found, lines
    assert not_found[-1]["request_id"] == "abcdef123456"
    assert not_found[-1]["user_id"] == user.pk
    assert not_found[-1]["request"] == "GET /page-qui-n-existe-pas/"
    assert "Kerguelen" not in captured_logs.getvalue()


@pytest.mark.django_db
def test_a_request_id_is_made_when_the_proxy_gives_none_or_a_bad_one():
    response = Client().get("/sante/", HTTP_X_REQUEST_ID="<script>")
    assert len(response["X-Request-ID"]) == 32 and response["X-Request-ID"] != "<script>"


@pytest.mark.django_db
def test_a_staff_journey_through_the_main_pages_logs_no_name_phone_or_e_mail(
    client_as, captured_logs, site, settings, mailoutbox
):
    """The record's pages, editing, search, messages and errors: the logs carry ids only."""
    from tremplin.people.models import Beneficiary

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    person = Beneficiary.objects.create(
        first_name=NAME[0], last_name=NAME[1], phone=PHONE_E164, email=EMAIL, preferred_channel="sms"
    )
    person.sites.add(site)
    from django.utils import timezone

    queue_message(
        person,
        kind="other",
        subject="Information",
        body="Texte",
        sms_body="Texte",
        due_at=timezone.now(),
        dedupe_key="t:journey",
    )
    send_due_messages()
    client = client_as("site_manager")
    detail = person.get_absolute_url()
    pages = [
        "/",
        "/personnes/",
        detail,
        f"{detail}modifier/",
        f"{detail}export/",
        f"{detail}historique/",
        "/messages/a-appeler/",
        "/orientations/",
        "/ateliers/",
        "/activites/",
        "/materiel/",
        "/exploitation/conservation/",
        f"/exploitation/consentement/{person.pk}/retrait/",
        "/personnes/00000000-0000-0000-0000-000000000000/",  # 404
    ]
    for url in pages:
        client.get(url)
    client.post("/recherche/", {"q": NAME[1], "next": "/personnes/"})
    client.get("/personnes/", {"q": NAME[1]})
    # A bad edit (invalid phone, e-mail) and a good one.
    client.post(f"{detail}modifier/", {"first_name": NAME[0], "last_name": NAME[1], "phone": "12", "email": "x@"})
    client.post(
        f"{detail}modifier/",
        {
            "first_name": NAME[0],
            "last_name": NAME[1],
            "phone": PHONE_NATIONAL,
            "email": EMAIL,
            "preferred_channel": "sms",
        },
    )
    client.post(f"/exploitation/consentement/{person.pk}/retrait/", {"confirmed": "1"})
    logs = captured_logs.getvalue()
    assert logs.count("\n") > 5, "the journey should have logged something"
    for secret in (*NAME, PHONE_E164, PHONE_NATIONAL, PHONE_NATIONAL.replace(" ", ""), EMAIL, "philomene", "kerguelen"):
        assert secret.lower() not in logs.lower(), f"{secret!r} appears in the logs"


def test_the_sentry_scrubber_keeps_the_error_and_drops_personal_data():
    event = {
        "request": {
            "url": "https://tremplin.example/personnes/?q=Kerguelen",
            "query_string": "q=Kerguelen",
            "data": {"first_name": "Philomène"},
            "cookies": {"sessionid": "secret"},
            "headers": {
                "Cookie": "sessionid=secret",
                "User-Agent": "Firefox",
                "X-Request-ID": "abc",
                "Referer": "x?q=K",
            },
            "env": {"REMOTE_ADDR": "203.0.113.5"},
        },
        "user": {"id": 42, "email": EMAIL, "username": "pk", "ip_address": "203.0.113.5"},
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": f"bad address {EMAIL} or phone {PHONE_E164} / {PHONE_NATIONAL}",
                    "stacktrace": {"frames": [{"function": "save", "vars": {"name": "Philomène"}}]},
                }
            ]
        },
        "logentry": {"message": f"sent to {EMAIL}", "params": ["Philomène"]},
        "breadcrumbs": {"values": [{"message": f"SELECT … {EMAIL}", "data": {"params": ["Kerguelen"]}}]},
        "extra": {"form": {"last_name": "Kerguelen"}},
    }
    cleaned = scrub(event, {})
    text = json.dumps(cleaned, ensure_ascii=False)
    for secret in ("Philomène", "Kerguelen", EMAIL, PHONE_E164, PHONE_NATIONAL, "203.0.113.5", "secret"):
        assert secret not in text, secret
    assert cleaned["exception"]["values"][0]["type"] == "ValueError"
    assert cleaned["exception"]["values"][0]["stacktrace"]["frames"][0]["function"] == "save"
    assert cleaned["request"]["url"] == "https://tremplin.example/personnes/"
    assert cleaned["request"]["headers"] == {"User-Agent": "Firefox", "X-Request-ID": "abc"}
    assert cleaned["user"] == {"id": 42}


def test_sentry_is_off_unless_a_dsn_is_set_and_never_sends_default_pii(monkeypatch):
    import sentry_sdk

    from tremplin.ops.sentry import init_sentry

    seen = {}
    monkeypatch.setattr(sentry_sdk, "init", lambda **kwargs: seen.update(kwargs))
    init_sentry("https://key@sentry.example/1", environment="production")
    assert seen["send_default_pii"] is False and seen["before_send"] is scrub
    assert seen["include_local_variables"] is False
