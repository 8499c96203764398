"""Browser journeys of the security baseline: forced two-factor set-up, and an invitation accepted."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tremplin.core.testing.browser import assert_accessible, assert_fits_the_screen
from tremplin.core.testing.factories import TEST_PASSWORD


@pytest.mark.browser
def test_a_site_manager_is_walked_through_two_factor_set_up_at_phone_width(phone_page, live_url, make_user):
    page = phone_page
    manager = make_user("site_manager", totp=False)
    page.goto(f"{live_url}/comptes/login/")
    assert_accessible(page)
    page.locator("input[name=login]").fill(manager.email)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    # Sent to set-up; allauth asks for the password once more before adding an authenticator.
    assert "/comptes/reauthenticate/" in page.url
    assert_accessible(page)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    assert "/comptes/2fa/totp/activate/" in page.url
    assert_accessible(page)
    assert_fits_the_screen(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    assert "/comptes/2fa/recovery-codes/" in page.url
    assert_accessible(page)
    assert page.locator("main .recovery-codes li").count() == 10
    assert_fits_the_screen(page)
    page.goto(f"{live_url}/")
    assert page.url == f"{live_url}/"
    assert_accessible(page)


@pytest.mark.browser
def test_an_invitation_is_accepted_in_the_browser(browser_page, live_url, make_user, site):
    from tremplin.accounts.services import invite_user

    _invitation, token = invite_user(
        make_user("network_admin"),
        email="nouvelle@test.tremplin.example",
        full_name="Nina Test",
        role="mediator",
        site=site,
    )
    page = browser_page
    page.goto(f"{live_url}/equipe/invitation/{token}/")
    assert_accessible(page)
    page.locator("input[name=password1]").fill("court")
    page.locator("input[name=password2]").fill("court")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert "12 caractères" in page.locator("main").inner_text()

    page.locator("input[name=password1]").fill("une phrase de passe pour Nina")
    page.locator("input[name=password2]").fill("une phrase de passe pour Nina")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == f"{live_url}/"
    assert_accessible(page)
    # Reusing the link (HTTP 410) is covered by test_invitations.py: Chromium logs a 410 as a console error.
