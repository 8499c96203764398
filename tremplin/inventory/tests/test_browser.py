"""Main journeys in Chromium, with axe on every page visited."""

import pytest

from tremplin.core.testing.browser import assert_accessible, browser_login
from tremplin.inventory.models import Status

from .factories import DeviceFactory, laptop_rules


@pytest.mark.browser
def test_a_mediator_moves_a_device_from_the_list_to_diagnosis(browser_page, live_url, make_user, site):
    laptop_rules()
    device = DeviceFactory(site=site, status=Status.RECEIVED, model_name="Latitude navigateur")
    page = browser_page
    browser_login(page, make_user("mediator"), live_url)
    page.goto(f"{live_url}/materiel/")
    assert_accessible(page)
    page.goto(f"{live_url}/materiel/appareils/")
    assert_accessible(page)
    page.get_by_role("link", name=device.asset_tag).click()
    page.wait_for_url(f"**{device.get_absolute_url()}")
    assert_accessible(page)
    page.get_by_role("button", name="Passer à « En diagnostic »").click()
    page.get_by_text("Statut : En diagnostic.").wait_for()
    assert_accessible(page)
    device.refresh_from_db()
    assert device.status == Status.DIAGNOSIS


@pytest.mark.browser
def test_a_volunteer_scans_a_label_on_a_phone(phone_page, live_url, make_user, site):
    device = DeviceFactory(site=site, serial_number="SCAN375")
    page = phone_page
    browser_login(page, make_user("volunteer"), live_url)
    page.goto(f"{live_url}/materiel/scanner/")
    assert_accessible(page)
    page.get_by_label("Numéro d'inventaire, de série ou IMEI").fill(device.asset_tag)
    page.keyboard.press("Enter")  # handheld scanners type the tag then Enter
    page.wait_for_url(f"**{device.get_absolute_url()}")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.browser
def test_the_import_page_shows_row_errors_accessibly(browser_page, live_url, make_user, site, tmp_path):
    csv_file = tmp_path / "lot.csv"
    csv_file.write_text("categorie;marque;modele;numero_serie\ngrille-pain;X;Y;Z1\n", encoding="utf-8")
    page = browser_page
    browser_login(page, make_user("site_manager"), live_url)
    page.goto(f"{live_url}/materiel/appareils/import/")
    assert_accessible(page)
    page.get_by_label("Espace").select_option(label=site.name)
    page.get_by_label("Fichier (CSV ou Excel)").set_input_files(str(csv_file))
    page.get_by_role("button", name="Vérifier le fichier").click()
    page.get_by_text("Catégorie inconnue").wait_for()
    assert_accessible(page)


@pytest.mark.browser
def test_the_stock_pages_of_a_site_manager_are_accessible(browser_page, live_url, make_user, site):
    from tremplin.inventory.services.connectivity import import_recharge_codes

    from .factories import BatchFactory, available_device, recharge_product

    manager = make_user("site_manager")
    laptop_rules()
    batch = BatchFactory(site=site)
    device = available_device(site, batch=batch)
    refurbished = DeviceFactory(site=site, status=Status.REFURBISHED, batch=batch)
    import_recharge_codes(manager, recharge_product(), site, ["1234567890123456"])
    page = browser_page
    browser_login(page, manager, live_url)
    for path in (
        f"/materiel/appareils/{device.pk}/",
        f"/materiel/appareils/{refurbished.pk}/",
        f"/materiel/appareils/{device.pk}/reserver/",
        "/materiel/appareils/recevoir/",
        f"/materiel/lots/{batch.pk}/",
        f"/materiel/donateurs/{batch.donor.pk}/",
        "/materiel/rapport-donateurs/",
        "/materiel/classement/",
        "/materiel/connectivite/stock/",
        "/materiel/transferts/nouveau/",
    ):
        page.goto(f"{live_url}{path}")
        assert_accessible(page)
    # The reservation search is a POST (no name in the URL): its result table must be accessible too.
    page.goto(f"{live_url}/materiel/appareils/{device.pk}/reserver/")
    page.locator("#person-q").fill("zz")
    page.get_by_role("button", name="Chercher").click()
    page.wait_for_load_state()
    assert "Aucune personne trouvée." in page.content()
    assert_accessible(page)
