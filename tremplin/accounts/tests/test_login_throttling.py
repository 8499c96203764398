"""Login and password-reset throttling, with messages that never tell whether an account exists."""

import pytest
from django.core import mail
from django.test import Client

from tremplin.core.testing.factories import TEST_PASSWORD

LOGIN_URL = "/comptes/login/"
RESET_URL = "/comptes/password/reset/"
FAILURES_PER_ACCOUNT = 5  # ACCOUNT_RATE_LIMITS["login_failed"] = "...,5/5m/key"
TOO_MANY_MESSAGE = "Trop de tentatives de connexion échouées"


def post_login(client, email, password):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def login_errors(response):
    assert response.status_code == 200, "a refused login shows the form again"
    return " ".join(response.context["form"].non_field_errors())


@pytest.fixture
def mediator(make_user):
    return make_user("mediator", email="mediatrice@test.tremplin.example")


def test_a_wrong_password_and_an_unknown_address_get_the_same_message(client, mediator):
    wrong_password = login_errors(post_login(client, mediator.email, "pas le bon mot de passe"))
    unknown = login_errors(post_login(Client(), "inconnue@test.tremplin.example", "pas le bon mot de passe"))
    assert wrong_password == unknown
    assert "incorrect" in wrong_password


def test_the_correct_password_works_before_the_limit(client, mediator):
    for _ in range(FAILURES_PER_ACCOUNT - 1):
        post_login(client, mediator.email, "pas le bon mot de passe")
    response = post_login(client, mediator.email, TEST_PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_after_repeated_failures_even_the_correct_password_is_refused(client, mediator):
    for _ in range(FAILURES_PER_ACCOUNT):
        post_login(client, mediator.email, "pas le bon mot de passe")
    # Another browser (another client) does not escape the per-account limit.
    other = Client()
    errors = login_errors(post_login(other, mediator.email, TEST_PASSWORD))
    assert TOO_MANY_MESSAGE in errors
    assert "_auth_user_id" not in other.session


def test_the_lockout_lifts_after_five_minutes(client, mediator, time_machine):
    time_machine.move_to("2026-03-02 08:00:00+00:00", tick=False)
    for _ in range(FAILURES_PER_ACCOUNT):
        post_login(Client(), mediator.email, "pas le bon mot de passe")
    assert TOO_MANY_MESSAGE in login_errors(post_login(Client(), mediator.email, TEST_PASSWORD))
    time_machine.move_to("2026-03-02 08:05:01+00:00", tick=False)
    assert post_login(client, mediator.email, TEST_PASSWORD).status_code == 302


def test_the_lockout_message_is_the_same_for_an_unknown_address(client, mediator):
    for email in (mediator.email, "inconnue@test.tremplin.example"):
        for _ in range(FAILURES_PER_ACCOUNT):
            post_login(Client(), email, "pas le bon mot de passe")
    known = login_errors(post_login(Client(), mediator.email, "pas le bon mot de passe"))
    unknown = login_errors(post_login(Client(), "inconnue@test.tremplin.example", "pas le bon mot de passe"))
    assert known == unknown
    assert TOO_MANY_MESSAGE in known


def test_a_password_reset_for_an_unknown_address_looks_like_one_for_a_known_address(client, mediator):
    known = client.post(RESET_URL, {"email": mediator.email})
    unknown = client.post(RESET_URL, {"email": "inconnue@test.tremplin.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # Only the real account gets a message; nothing is sent to an address without an account.
    assert [message.to for message in mail.outbox] == [[mediator.email]]


def test_a_password_reset_e_mail_has_no_personal_data_in_its_subject(client, mediator):
    client.post(RESET_URL, {"email": mediator.email})
    (message,) = mail.outbox
    assert mediator.email not in message.subject
    assert mediator.full_name not in message.subject


def test_password_reset_is_throttled_per_address(client, mediator):
    for _ in range(3):  # ACCOUNT_RATE_LIMITS["reset_password"] = "...,3/5m/key"
        assert Client().post(RESET_URL, {"email": mediator.email}).status_code == 302
    response = Client().post(RESET_URL, {"email": mediator.email})
    assert response.status_code == 429
    assert len(mail.outbox) == 3
    assert "Trop de demandes" in response.content.decode()


def test_password_reset_throttling_answers_the_same_for_an_unknown_address(db):
    for _ in range(3):
        Client().post(RESET_URL, {"email": "inconnue@test.tremplin.example"})
    assert Client().post(RESET_URL, {"email": "inconnue@test.tremplin.example"}).status_code == 429
