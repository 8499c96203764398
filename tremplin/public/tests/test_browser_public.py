"""The public face in a browser, as an anonymous visitor on a 375-px phone, and what it weighs.

Journey: find the nearest site from a postal code, open it, see a workshop with seats, ask to be called back;
then the site manager finds the request in the inbox. Every public page is checked with axe at 375 and 1280 px,
and the first load of the home, a site page and the agenda must stay under 100 KB (printed).
"""

import pytest
from django.test import override_settings

from tremplin.core.testing.browser import DESKTOP, PHONE, assert_accessible, assert_fits_the_screen, browser_login
from tremplin.public.queries import site_slug
from tremplin.referrals.models import CallbackRequest

BUDGET_BYTES = 100 * 1024


def both_widths(page):
    """axe and layout at 375 px, then at 1280 px (same document, re-laid out)."""
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        assert_accessible(page)
        assert_fits_the_screen(page)
    page.set_viewport_size(PHONE)


@pytest.mark.browser
@override_settings(TREMPLIN_CALLBACK_MIN_SECONDS=0)  # the robot-speed rule has its own tests; a test types fast
def test_an_anonymous_visitor_finds_a_site_and_asks_to_be_called_back(
    phone_page, browser_page, live_url, lyon, saint_etienne, public_session, make_user
):
    page = phone_page
    page.set_default_timeout(30_000)
    page.goto(f"{live_url}/")
    both_widths(page)
    assert page.get_by_role("link", name="Espace professionnel / Se connecter").is_visible()

    page.get_by_label("Votre code postal ou votre commune").fill("69007")
    page.get_by_role("button", name="Chercher").click()
    page.wait_for_load_state()
    both_widths(page)
    first = page.locator("ol.cards > li").first
    assert "Espace Guillotière" in first.inner_text()
    assert "à 2," in first.inner_text() or "km" in first.inner_text()

    first.get_by_role("link", name="Espace Guillotière").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/espaces/{site_slug(lyon)}/")
    both_widths(page)
    workshops = page.locator("#ateliers + ul.sessions")
    assert "Premiers pas sur smartphone" in workshops.inner_text()
    assert "2 places libres" in workshops.inner_text()
    # On paper: the address, the hours and the workshops; no navigation, no call-back button.
    page.emulate_media(media="print")
    assert page.get_by_role("heading", name="Horaires").is_visible() and workshops.is_visible()
    assert not page.get_by_role("link", name="Demander à être rappelé·e").is_visible()
    assert not page.get_by_role("link", name="Espace professionnel / Se connecter").is_visible()
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Demander à être rappelé·e").click()
    page.wait_for_load_state()
    both_widths(page)
    # Sent empty: each missing answer is explained, and the page stays accessible.
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    both_widths(page)
    page.get_by_label("Votre prénom").fill("Awa")
    page.get_by_label("Votre numéro de téléphone").fill("06 93 12 34 56")
    page.get_by_label("Aide pour une démarche en ligne").check()
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Merci, votre demande est envoyée").is_visible()
    both_widths(page)
    callback = CallbackRequest.objects.get()
    assert (callback.site, str(callback.phone)) == (lyon, "+262693123456")

    # The site manager finds it in the referral inbox.
    staff = browser_page
    staff.set_default_timeout(30_000)
    browser_login(staff, make_user("site_manager", at=lyon), live_url)
    staff.goto(f"{live_url}/orientations/recues/")
    assert_accessible(staff)
    staff.get_by_role("link", name="Awa").click()
    staff.wait_for_load_state()
    assert_accessible(staff)
    assert staff.get_by_role("link", name="0693 12 34 56").is_visible()
    staff.get_by_label("Personne jointe").check()
    staff.get_by_role("button", name="Noter le résultat").click()
    staff.wait_for_load_state()
    assert staff.get_by_text("« Personne jointe » noté : la demande est traitée.").is_visible()


def first_load_bytes(context, url):
    """Bytes transferred (headers + bodies) to show `url` in a fresh browser (empty cache)."""
    page = context.new_page()
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    total = 0
    for request in responses:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    page.close()
    return total, len(responses)


@pytest.mark.browser
def test_public_pages_weigh_less_than_100_kb_on_first_load(
    chromium_browser, live_url, lyon, saint_etienne, public_session, settings
):
    settings.TREMPLIN_MAP_TILES_URL = "https://tuiles.example.org/{z}/{x}/{y}.png"  # the map is offered, not loaded
    pages = {
        "accueil": f"{live_url}/?ou=69007",
        "page d'un espace": f"{live_url}/espaces/{site_slug(lyon)}/",
        "agenda": f"{live_url}/agenda/",
        "être rappelé·e": f"{live_url}/espaces/{site_slug(lyon)}/rappel/",
    }
    for name, url in pages.items():
        context = chromium_browser.new_context(viewport=PHONE, locale="fr-FR")
        total, count = first_load_bytes(context, url)
        context.close()
        print(f"\nPoids au premier chargement, {name} : {total / 1024:.1f} Ko en {count} requêtes (sans tuiles)")
        assert total < BUDGET_BYTES, f"{name}: {total} bytes"


@pytest.mark.browser
def test_the_map_shows_the_sites_and_without_tiles_the_list_stays(
    browser_page, live_url, lyon, saint_etienne, settings
):
    page = browser_page
    page.set_default_timeout(30_000)
    # Tiles from this very server (an image it serves at every tile address): the map appears with both sites.
    settings.TREMPLIN_MAP_TILES_URL = f"{live_url}/static/vendor/leaflet-1.9.4/images/layers.png?{{z}}/{{x}}/{{y}}"
    page.goto(f"{live_url}/")
    page.get_by_role("button", name="Voir les espaces sur une carte").click()
    page.locator(".leaflet-marker-icon").first.wait_for()
    assert page.locator(".leaflet-marker-icon").count() == 2
    assert page.locator("#carte").is_visible() and page.locator("ol.cards").is_visible()
    page.locator(".leaflet-tile-loaded").first.wait_for()
    assert_accessible(page)

    # No tile server answering (offline): the frame goes away, the list stays.
    settings.TREMPLIN_MAP_TILES_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"
    page.goto(f"{live_url}/")
    page.get_by_role("button", name="Voir les espaces sur une carte").click()
    page.locator("#carte").wait_for(state="hidden")
    assert page.locator("ol.cards > li").count() == 2
    # The refused tile loads are logged by the browser itself, some after the frame is gone on a busy machine:
    # let them all arrive, then set aside those (and only those) before the check.
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    page.console_errors[:] = [error for error in page.console_errors if "127.0.0.1:9/" not in error]
    assert_accessible(page)


@pytest.mark.browser
def test_a_far_place_the_footer_links_and_the_api_documentation_in_a_browser(phone_page, live_url, lyon, saint_etienne):
    page = phone_page
    page.set_default_timeout(30_000)
    page.goto(f"{live_url}/?ou=97400")
    both_widths(page)
    assert page.get_by_text("Il n'y a pas d'espace près de chez vous.").is_visible()
    footer = page.locator("footer")
    assert footer.get_by_role("link", name="Données ouvertes").is_visible()
    footer.get_by_role("link", name="API pour les partenaires (documentation)").click()
    page.wait_for_load_state()
    assert page.url.endswith("/api/v1/documentation/")
    page.locator("#swagger-ui .opblock").first.wait_for()  # Swagger UI drew the operations (vendored, under the CSP)
    both_widths(page)
    assert page.get_by_role("link", name="Retour à l'accueil de Tremplin").is_visible()
    page.goto(f"{live_url}/api/v1/docs")
    assert page.url.endswith("/api/v1/documentation/")
    page.goto(f"{live_url}/agenda/")
    both_widths(page)
    page.goto(f"{live_url}/donnees/")  # the open-data page is a public page too
    both_widths(page)
    assert page.get_by_role("link", name="Licence Ouverte / Open Licence 2.0").is_visible()
    # An unknown API address in a browser: the app's 404 page, which leads to the documentation.
    response = page.goto(f"{live_url}/api/v1/nothing-here")
    assert response.status == 404
    page.console_errors.clear()  # the 404 answer itself is logged by the browser
    both_widths(page)
    assert page.get_by_role("link", name="Documentation de l'API").is_visible()
