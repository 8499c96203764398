"""The settings and report pages in Chromium: axe on every page, no sideways scroll at 375 px."""

import pytest
from django.utils import timezone

from tremplin.core.testing.browser import PHONE, assert_accessible, assert_fits_the_screen, browser_login
from tremplin.till.models import QuotaRule

from .factories import national_rules, register_at


@pytest.mark.browser
def test_the_national_team_writes_a_rule_with_its_preview_and_reads_the_reports(
    browser_page, live_url, make_user, site, partner
):
    national_rules()
    register_at(site)
    page = browser_page
    browser_login(page, make_user("network_admin"), live_url)
    page.goto(f"{live_url}/caisse/reglages/droits/nouvelle/")
    assert_accessible(page)
    page.get_by_label("Libellé").fill("Tablette")
    page.get_by_label("Tablette").check()
    page.get_by_label("Plafond").fill("1")
    page.get_by_label("Nombre de mois").fill("36")
    page.get_by_role("button", name="Aperçu").click()
    page.get_by_text("Tablette : 0 sur 1 sur les 36 derniers mois").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Règle de droits enregistrée.").wait_for()
    assert QuotaRule.objects.filter(name="Tablette", keys=["tablet"], period_months=36).exists()
    month = timezone.localdate().strftime("%Y-%m")
    for path in [
        "/caisse/reglages/",
        "/caisse/reglages/droits/",
        "/caisse/reglages/parametres/",
        "/caisse/reglages/caisses/",
        "/caisse/reglages/caisses/nouvelle/",
        f"/caisse/rapports/partenaires/?partner={partner.pk}&month={month}",
        "/caisse/rapports/comptabilite/",
        "/caisse/rapports/derogations/",
    ]:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{live_url}{path}")
        assert_accessible(page)
        page.set_viewport_size(PHONE)
        assert_fits_the_screen(page)
