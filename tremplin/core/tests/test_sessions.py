"""Sessions: a new key at login, an idle timeout, an absolute timeout counted from login, POST-only logout."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client, override_settings

from tremplin.core.middleware import SESSION_STARTED_KEY
from tremplin.core.testing.factories import TEST_PASSWORD

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
LOGIN_URL = "/comptes/login/"


@pytest.fixture
def mediator(make_user):
    return make_user("mediator")


def is_logged_in(client):
    response = client.get("/equipe/mon-compte/")
    if response.status_code == 302:
        assert response["Location"].startswith(LOGIN_URL)
        return False
    assert response.status_code == 200
    return True


def test_login_gives_a_new_session_key_and_drops_the_old_one(client, mediator):
    before = client.session
    before["trace"] = "avant connexion"
    before.save()
    old_key = before.session_key

    response = client.post(LOGIN_URL, {"login": mediator.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.session.session_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()


def test_the_absolute_timeout_starts_at_login(client, mediator, time_machine):
    time_machine.move_to(START, tick=False)
    client.post(LOGIN_URL, {"login": mediator.email, "password": TEST_PASSWORD})
    assert client.session[SESSION_STARTED_KEY] == int(START.timestamp())


def test_an_idle_session_is_logged_out(login, mediator, time_machine):
    time_machine.move_to(START, tick=False)
    client = login(mediator)
    assert is_logged_in(client)
    time_machine.move_to(START + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60), tick=False)
    assert is_logged_in(client), "activity within the idle delay keeps the session"
    time_machine.move_to(START + timedelta(seconds=2 * settings.SESSION_COOKIE_AGE - 120), tick=False)
    assert is_logged_in(client), "each request renews the idle delay"
    time_machine.move_to(START + timedelta(seconds=3 * settings.SESSION_COOKIE_AGE), tick=False)
    assert not is_logged_in(client)


def test_the_session_cookie_does_not_outlive_the_browser(client, mediator):
    client.post(LOGIN_URL, {"login": mediator.email, "password": TEST_PASSWORD})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


@override_settings(SESSION_ABSOLUTE_SECONDS=20 * 60)
def test_an_active_session_ends_after_the_absolute_timeout_counted_from_login(login, mediator, time_machine):
    # Idle delay 30 min > absolute 20 min: only the absolute timeout can end this session.
    time_machine.move_to(START, tick=False)
    client = login(mediator)
    time_machine.move_to(START + timedelta(minutes=19), tick=False)
    assert is_logged_in(client), "the first request after login does not restart the clock"
    time_machine.move_to(START + timedelta(minutes=20, seconds=1), tick=False)
    response = client.get("/equipe/mon-compte/")
    assert response.status_code == 302
    assert response["Location"] == "/comptes/login/"
    follow = client.get(response["Location"])
    assert "Votre session a expiré" in follow.content.decode()
    assert not is_logged_in(client)


def test_default_absolute_timeout_is_a_working_day(mediator):
    assert settings.SESSION_ABSOLUTE_SECONDS <= 12 * 3600
    assert settings.SESSION_COOKIE_AGE <= 3600
    assert settings.SESSION_REFRESH_SECONDS <= 60  # the idle timeout is at most a minute short, never long


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_pages_within_a_minute_do_not_write_the_session_again(login, mediator, time_machine):
    time_machine.move_to(START, tick=False)
    client = login(mediator)
    assert is_logged_in(client)
    saved = _expiry(client)
    assert saved == START + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    for seconds in (10, 30, 59):
        time_machine.move_to(START + timedelta(seconds=seconds), tick=False)
        assert is_logged_in(client)
        assert _expiry(client) == saved  # no write: same expiry


def test_a_page_a_minute_after_the_last_write_renews_the_idle_timeout(login, mediator, time_machine):
    time_machine.move_to(START, tick=False)
    client = login(mediator)
    assert is_logged_in(client)
    later = START + timedelta(seconds=settings.SESSION_REFRESH_SECONDS)
    time_machine.move_to(later, tick=False)
    assert is_logged_in(client)
    assert _expiry(client) == later + timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_logout_is_not_undone_by_the_refresh(login, mediator, time_machine):
    time_machine.move_to(START, tick=False)
    client = login(mediator)
    time_machine.move_to(START + timedelta(seconds=5), tick=False)
    response = client.post("/comptes/logout/")
    assert response.status_code == 302
    assert not Session.objects.exists()  # flushed, and not written back by the refresh


def test_logout_by_get_does_not_log_out(login, mediator):
    client = login(mediator)
    response = client.get("/comptes/logout/")
    assert response.status_code == 200  # a confirmation form, nothing else
    assert is_logged_in(client)


def test_logout_by_post_ends_the_session(login, mediator):
    client = login(mediator)
    key = client.session.session_key
    response = client.post("/comptes/logout/")
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert not is_logged_in(client)


def test_changing_the_password_ends_the_other_sessions(client, mediator, django_capture_on_commit_callbacks):
    other_browser = Client()
    other_browser.post(LOGIN_URL, {"login": mediator.email, "password": TEST_PASSWORD})
    assert is_logged_in(other_browser)
    client.post(LOGIN_URL, {"login": mediator.email, "password": TEST_PASSWORD})
    new_password = "une autre phrase de passe"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/comptes/password/change/",
            {"oldpassword": TEST_PASSWORD, "password1": new_password, "password2": new_password},
        )
    assert response.status_code == 302
    assert is_logged_in(client), "the browser that changed the password stays signed in"
    assert not is_logged_in(other_browser)


def test_the_first_page_after_logging_in_does_not_write_the_session_again(client, mediator):
    """Logging in saved the session: the first page costs the same queries as the next (no session write)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(mediator)
    with CaptureQueriesContext(connection) as first:
        client.get("/")
    with CaptureQueriesContext(connection) as second:
        client.get("/")
    assert len(first) == len(second)
    assert not [query for query in first if "django_session" in query["sql"] and "UPDATE" in query["sql"]]
