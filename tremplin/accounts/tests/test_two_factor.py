"""Two-factor authentication: TOTP for everyone, mandatory for network admins and site managers."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import override_settings

from tremplin.core.testing.factories import TEST_PASSWORD
from tremplin.core.tests.production import run_python

TOTP_SETUP_URL = "/comptes/2fa/totp/activate/"
MFA_STAGE_URL = "/comptes/2fa/authenticate/"


def totp_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def password_login(client, user):
    return client.post("/comptes/login/", {"login": user.email, "password": TEST_PASSWORD})


@pytest.mark.parametrize("role", ["network_admin", "site_manager"])
@pytest.mark.parametrize("path", ["/", "/equipe/mon-compte/", "/reseau/espaces/"])
def test_a_manager_without_totp_is_sent_to_totp_set_up_on_every_page(make_user, login, role, path):
    client = login(make_user(role, totp=False))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == TOTP_SETUP_URL


def test_a_manager_without_totp_can_still_reach_set_up_and_logout(make_user, login):
    client = login(make_user("site_manager", totp=False))
    assert client.get("/comptes/2fa/").status_code == 200
    assert client.post("/comptes/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_manager_with_totp_is_not_redirected(client_as):
    assert client_as("network_admin").get("/").status_code == 200


def test_a_mediator_is_not_forced_to_use_totp(client_as):
    assert client_as("mediator").get("/").status_code == 200


@override_settings(TREMPLIN_MFA_ENFORCED=False)
def test_relaxed_setting_lets_a_manager_without_totp_in(make_user, login):
    client = login(make_user("network_admin", totp=False))
    assert client.get("/").status_code == 200


def test_activating_totp_creates_recovery_codes(make_user, client):
    admin = make_user("network_admin", totp=False)
    password_login(client, admin)
    # allauth asks for the password again before adding an authenticator; that page stays reachable.
    response = client.get(TOTP_SETUP_URL)
    assert response["Location"].startswith("/comptes/reauthenticate/")
    client.post(response["Location"], {"password": TEST_PASSWORD})
    form = client.get(TOTP_SETUP_URL).context["form"]
    response = client.post(TOTP_SETUP_URL, {"code": totp_code(form.secret)})
    assert response.status_code == 302
    types = set(Authenticator.objects.filter(user=admin).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    # Set-up done: the rest of the application opens.
    assert client.get("/").status_code == 200


def test_a_wrong_code_at_activation_is_an_error_next_to_the_field(make_user, client):
    admin = make_user("network_admin", totp=False)
    password_login(client, admin)
    client.post("/comptes/reauthenticate/", {"password": TEST_PASSWORD})
    response = client.post(TOTP_SETUP_URL, {"code": "123456"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert "!!INVALID" not in response.content.decode()
    assert not Authenticator.objects.filter(user=admin).exists()


def test_login_asks_for_the_second_factor_before_opening_the_session(make_user, client):
    admin = make_user("network_admin")
    response = password_login(client, admin)
    assert response["Location"] == MFA_STAGE_URL
    assert "_auth_user_id" not in client.session
    wrong = client.post(MFA_STAGE_URL, {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_works_at_login_and_only_once(make_user, client):
    admin = make_user("network_admin")
    code = RecoveryCodes.activate(admin).get_unused_codes()[0]
    password_login(client, admin)
    response = client.post(MFA_STAGE_URL, {"code": code})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(admin.pk)

    client.post("/comptes/logout/")
    password_login(client, admin)
    client.post(MFA_STAGE_URL, {"code": code})
    assert "_auth_user_id" not in client.session


@override_settings(TREMPLIN_DEMO=True, TREMPLIN_MFA_ENFORCED=False)
def test_the_demo_says_on_screen_that_two_factor_is_relaxed(client, db):
    page = client.get("/comptes/login/").content.decode()
    assert "Démonstration : données fictives." in page
    assert "La double authentification n'y est pas imposée" in page


def test_outside_the_demo_there_is_no_banner(client, db):
    assert "Démonstration" not in client.get("/comptes/login/").content.decode()


def test_production_settings_refuse_to_relax_two_factor():
    result = run_python("-c", "import tremplin.settings", TREMPLIN_MFA_ENFORCED="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Two-factor authentication cannot be relaxed in production" in result.stderr


def test_production_settings_load_when_two_factor_is_enforced():
    result = run_python("-c", "import tremplin.settings")
    assert result.returncode == 0, result.stderr


def test_a_manager_who_reset_their_password_can_still_activate_totp(make_user, client):
    # allauth adds the address to its e-mail table during a reset; an unverified one would block TOTP.
    manager = make_user("site_manager", totp=False)
    client.post("/comptes/password/reset/", {"email": manager.email})
    client.get("/comptes/email/")
    password_login(client, manager)
    client.post("/comptes/reauthenticate/", {"password": TEST_PASSWORD})
    form = client.get(TOTP_SETUP_URL).context["form"]
    response = client.post(TOTP_SETUP_URL, {"code": totp_code(form.secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=manager, type=Authenticator.Type.TOTP).exists()


def test_users_cannot_add_a_second_e_mail_address(login, make_user):
    from allauth.account.models import EmailAddress

    mediator = make_user("mediator")
    client = login(mediator)
    client.post("/comptes/email/", {"action_add": "", "email": "autre@test.tremplin.example"})
    assert list(EmailAddress.objects.filter(user=mediator).values_list("email", "verified", "primary")) == [
        (mediator.email, True, True)
    ]


def test_production_settings_refuse_the_demo_mode():
    result = run_python("-c", "import tremplin.settings", TREMPLIN_DEMO="1")
    assert result.returncode != 0
    assert "Demo mode cannot run in production" in result.stderr
