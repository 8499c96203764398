"""Each role signs in through the real form, visits every page its menu offers, and axe finds nothing.

One browser context per role; each page is checked at desktop width then at 375 px without reloading,
to keep the run short.
"""

import re

import pytest

from tremplin.core.navigation import entries_for
from tremplin.core.testing.browser import DESKTOP, PHONE, assert_accessible, assert_fits_the_screen, browser_login

ROLES = ["network_admin", "site_manager", "mediator", "volunteer", "referrer", "observer"]


def check_both_widths(page):
    """axe at desktop width, then the same page at 375 px (no reload): accessible and no sideways scroll."""
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    assert_fits_the_screen(page)
    page.set_viewport_size(DESKTOP)


@pytest.mark.browser
@pytest.mark.parametrize("role", ROLES)
def test_every_page_in_a_roles_menu_is_accessible_at_desktop_and_phone_width(
    browser_page, live_url, make_user, site, partner, role
):
    page = browser_page
    user = make_user(role)
    browser_login(page, user, live_url)
    check_both_widths(page)
    menu_paths = [entry.url for entry in entries_for(user)]
    shown = page.locator("header nav a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert set(menu_paths) <= set(shown), f"menu shows {shown}, expected {menu_paths}"
    detail = partner.get_absolute_url() if role == "referrer" else site.get_absolute_url()
    # Pages reached from "Mon compte" are the same for everyone: one role checks the open-sessions table.
    account_pages = ["/equipe/mon-compte/", *(["/comptes/sessions/"] if role == "mediator" else [])]
    for path in [*(p for p in menu_paths if p != "/"), *account_pages, detail]:
        response = page.goto(f"{live_url}{path}")
        assert response.status == 200, f"{role} got {response.status} on {path}"
        check_both_widths(page)


@pytest.mark.browser
def test_a_network_admin_sees_field_errors_on_an_accessible_site_form(browser_page, live_url, make_user):
    page = browser_page
    browser_login(page, make_user("network_admin"), live_url)
    page.goto(f"{live_url}/reseau/espaces/nouveau/")
    assert_accessible(page)
    for field, value in {
        "name": "Espace de test",
        "code": "ZZ",
        "address": "1 rue de la Paix",
        "postal_code": "6900",
        "commune": "Lyon",
        "opening_hours": "lundi matin",
    }.items():
        page.locator(f"#id_{field}").fill(value)
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert page.locator("#id_postal_code_error").inner_text().startswith("Le code postal doit compter exactement 5")
    assert page.locator("#id_opening_hours_error").inner_text().startswith("Ces horaires ne sont pas lisibles")
    assert page.locator("#id_postal_code").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})  # the narrowest screen we support
    assert_accessible(page)
    assert_fits_the_screen(page)


@pytest.mark.browser
def test_anonymous_pages_and_the_language_switch_work_without_javascript(chromium_browser, live_url, request):
    context = chromium_browser.new_context(viewport=PHONE, locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    request.node._browser_page = page
    try:
        page.goto(f"{live_url}/comptes/login/")
        assert page.locator("html").get_attribute("lang") == "fr"
        assert page.get_by_role("heading", name="Connexion").is_visible()
        page.locator("#language-select").select_option("en")
        page.locator(".language-form button").click()
        page.wait_for_load_state()
        assert "/comptes/login/" in page.url
        assert page.locator("html").get_attribute("lang") == "en"
        page.locator("#language-select").select_option("fr")
        page.locator(".language-form button").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "fr"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/comptes/login/", "/comptes/password/reset/"])
def test_login_and_password_reset_pages_are_accessible_anonymously(browser_page, live_url, path):
    browser_page.goto(f"{live_url}{path}")
    check_both_widths(browser_page)


@pytest.mark.browser
def test_after_a_failed_submit_on_a_phone_the_error_summary_has_the_focus(phone_page, live_url, make_user):
    page = phone_page
    browser_login(page, make_user("network_admin"), live_url)
    page.goto(f"{live_url}/reseau/espaces/nouveau/")
    page.locator("#id_name").fill("Espace de test")
    page.locator("#id_postal_code").fill("6900")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()

    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    box = summary.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"], box
    summary.get_by_role("link", name=re.compile("Code postal")).click()
    assert page.evaluate("document.activeElement.id") == "id_postal_code"
    assert_accessible(page)
