"""The national team's settings of the till: rights rules, network settings, registers; who may use them."""

import pytest

from tremplin.till.models import EventKind, JournalEvent, QuotaRule, Register, TillSettings
from tremplin.till.services import sessions

from .factories import open_register, register_at

pytestmark = pytest.mark.django_db

ADMIN_URLS = [
    "/caisse/reglages/",
    "/caisse/reglages/parametres/",
    "/caisse/reglages/droits/",
    "/caisse/reglages/droits/nouvelle/",
    "/caisse/reglages/caisses/",
    "/caisse/reglages/caisses/nouvelle/",
    "/caisse/rapports/partenaires/",
    "/caisse/rapports/comptabilite/",
    "/caisse/rapports/derogations/",
]
RULE = {
    "name": "Ordinateur",
    "keys": ["laptop", "desktop"],
    "measure": "count",
    "limit": "1",
    "period": "rolling",
    "period_months": "24",
}


@pytest.mark.parametrize("role", ["volunteer", "referrer", "observer", "mediator"])
def test_volunteers_referrers_observers_and_mediators_get_404_on_every_settings_and_report_page(client_as, role):
    client = client_as(role)
    for url in ADMIN_URLS:
        assert client.get(url).status_code == 404, url
    rule = QuotaRule.objects.create(name="Smartphone", keys=["smartphone"], limit=1, period_months=12)
    assert client.get(f"/caisse/reglages/droits/{rule.pk}/").status_code == 404
    assert client.post(f"/caisse/reglages/droits/{rule.pk}/vigueur/", {"active": "0"}).status_code == 404
    rule.refresh_from_db()
    assert rule.is_active


@pytest.mark.parametrize("role", ["volunteer", "referrer", "observer", "mediator"])
def test_they_cannot_edit_a_register_either(client_as, site, role):
    register = register_at(site)
    assert client_as(role).post(f"/caisse/reglages/caisses/{register.pk}/", {"name": "X"}).status_code == 404


def test_a_site_manager_may_not_touch_rules_settings_or_the_accounting_export(client_as):
    client = client_as("site_manager")
    for url in ["/caisse/reglages/parametres/", "/caisse/reglages/droits/", "/caisse/rapports/comptabilite/"]:
        assert client.get(url).status_code == 404, url
    for url in ["/caisse/reglages/", "/caisse/reglages/caisses/", "/caisse/rapports/partenaires/"]:
        assert client.get(url).status_code == 200, url


def test_the_network_admin_creates_a_rule_and_the_journal_records_it_without_personal_data(client_as):
    client = client_as("network_admin")
    response = client.post("/caisse/reglages/droits/nouvelle/", RULE)
    assert response.status_code == 302
    rule = QuotaRule.objects.get()
    assert (rule.keys, rule.limit, rule.period, rule.period_months) == (["laptop", "desktop"], 1, "rolling", 24)
    event = JournalEvent.objects.get(kind=EventKind.SETTINGS)
    assert event.details == {
        "object": "rule",
        "rule": "Ordinateur",
        "action": "created",
        "fields": ["keys", "limit", "name", "period_months"],  # measure and period kept their defaults
    }
    listing = client.get("/caisse/reglages/droits/").content.decode()
    assert "Au plus 1 article (ordinateur portable, ordinateur fixe) par personne sur les 24 derniers mois" in listing
    assert "Ordinateur : 0 sur 1 sur les 24 derniers mois" in listing


def test_a_rolling_rule_needs_its_months_and_a_calendar_rule_drops_them(client_as):
    client = client_as("network_admin")
    html = client.post("/caisse/reglages/droits/nouvelle/", {**RULE, "period_months": ""}).content.decode()
    assert "Indiquez le nombre de mois de la période glissante." in html
    assert not QuotaRule.objects.exists()
    recharges = {**RULE, "name": "Recharges", "keys": ["recharge"], "measure": "amount", "limit": "30"}
    client.post("/caisse/reglages/droits/nouvelle/", {**recharges, "period": "calendar_month"})
    assert QuotaRule.objects.get().period_months is None


def test_a_rule_without_category_is_refused_next_to_the_field(client_as):
    html = client_as("network_admin").post("/caisse/reglages/droits/nouvelle/", {**RULE, "keys": []}).content.decode()
    assert "Cochez au moins une catégorie." in html
    assert not QuotaRule.objects.exists()


def test_the_preview_shows_the_sentences_and_saves_nothing(client_as):
    recharges = {
        **RULE,
        "name": "Recharges",
        "keys": ["recharge"],
        "measure": "amount",
        "limit": "30",
        "period": "calendar_month",
    }
    html = client_as("network_admin").post("/caisse/reglages/droits/nouvelle/", {**recharges, "preview": "1"})
    html = html.content.decode()
    assert "Recharges : 0,00\u00a0€ utilisés sur 30,00\u00a0€ ce mois-ci" in html
    assert "Recharges : 30,00\u00a0€ utilisés sur 30,00\u00a0€ ce mois-ci" in html
    assert not QuotaRule.objects.exists()
    assert not JournalEvent.objects.exists()


def test_deactivating_a_rule_keeps_it_and_is_journaled(client_as):
    rule = QuotaRule.objects.create(name="Smartphone", keys=["smartphone"], limit=1, period_months=12)
    client = client_as("network_admin")
    assert client.post(f"/caisse/reglages/droits/{rule.pk}/vigueur/", {"active": "0"}).status_code == 302
    rule.refresh_from_db()
    assert not rule.is_active
    assert JournalEvent.objects.get().details == {"object": "rule", "rule": "Smartphone", "action": "deactivated"}
    client.post(f"/caisse/reglages/droits/{rule.pk}/vigueur/", {"active": "0"})
    assert JournalEvent.objects.count() == 1  # nothing changed, nothing journaled


def test_the_settings_page_saves_vat_rates_in_basis_points_and_accounts(client_as):
    client = client_as("network_admin")
    data = {
        "legal_name": "Association Tremplin",
        "legal_address": "12 rue de Marseille, 69007 Lyon",
        "legal_siret": "732 829 320 00074",
        "vat_liable": "on",
        "eligibility_required": "on",
        "vat_device": "20",
        "vat_connectivity": "20",
        "vat_accessory": "5,5",
        "revenue_device": "707100",
        "revenue_connectivity": "707200",
        "revenue_accessory": "",
        "payment_cash": "530000",
        "payment_card": "",
        "payment_cheque": "",
        "payment_transfer": "",
        "payment_partner": "411 000",
    }
    response = client.post("/caisse/reglages/parametres/", data)
    assert response.status_code == 302
    settings = TillSettings.current()
    assert settings.legal_siret == "73282932000074"
    assert settings.vat_rates == {"device": 2000, "connectivity": 2000, "accessory": 550}
    assert settings.vat_rate_for("accessory") == 550
    assert settings.revenue_accounts == {"device": "707100", "connectivity": "707200"}
    assert settings.payment_accounts == {"cash": "530000", "partner": "411000"}
    event = JournalEvent.objects.get(kind=EventKind.SETTINGS)
    assert event.details["object"] == "settings"
    assert "legal_siret" in event.details["fields"]
    assert "73282932000074" not in str(event.details)  # field names, never values


def test_a_vat_liable_network_gives_every_rate_and_a_wrong_siret_is_refused(client_as):
    client = client_as("network_admin")
    html = client.post(
        "/caisse/reglages/parametres/",
        {"legal_name": "Tremplin", "legal_siret": "73282932000075", "vat_liable": "on", "eligibility_required": "on"},
    ).content.decode()
    assert "Indiquez le taux de TVA de cette catégorie." in html
    assert "clé de contrôle" in html
    assert not TillSettings.current().vat_liable


def test_a_site_manager_creates_a_register_at_their_site_only(client_as, site, other_site):
    client = client_as("site_manager")
    page = client.get("/caisse/reglages/caisses/nouvelle/").content.decode()
    assert site.name in page and other_site.name not in page
    response = client.post(
        "/caisse/reglages/caisses/nouvelle/",
        {"site": site.pk, "code": "c2", "name": "Caisse  accueil", "is_active": "on"},
    )
    assert response.status_code == 302
    register = Register.objects.get()
    assert (register.code, register.name, register.site) == ("C2", "Caisse accueil", site)
    refused = client.post(
        "/caisse/reglages/caisses/nouvelle/", {"site": other_site.pk, "code": "C3", "name": "Ailleurs"}
    )
    assert refused.status_code == 200
    assert Register.objects.count() == 1


def test_a_site_manager_does_not_see_the_registers_of_other_sites(client_as, other_site):
    elsewhere = register_at(other_site)
    client = client_as("site_manager")
    assert client.get(f"/caisse/reglages/caisses/{elsewhere.pk}/").status_code == 404
    assert elsewhere.full_code not in client.get("/caisse/reglages/caisses/").content.decode()


def test_a_register_code_is_unique_per_site_and_never_changes(client_as, site):
    register = register_at(site, "C1")
    client = client_as("network_admin")
    html = client.post("/caisse/reglages/caisses/nouvelle/", {"site": site.pk, "code": "C1", "name": "Bis"})
    assert "Cet espace a déjà une caisse avec ce code." in html.content.decode()
    client.post(
        f"/caisse/reglages/caisses/{register.pk}/",
        {"site": site.pk, "code": "ZZ", "name": "Caisse renommée", "is_active": "on"},
    )
    register.refresh_from_db()
    assert (register.code, register.name) == ("C1", "Caisse renommée")


def test_training_mode_is_switched_only_when_the_register_is_closed_and_is_journaled(client_as, site, make_user):
    admin = make_user("network_admin")
    register = open_register(site, admin)
    client = client_as("network_admin")
    data = {"site": site.pk, "code": "C1", "name": "Caisse C1", "training_mode": "on", "is_active": "on"}
    html = client.post(f"/caisse/reglages/caisses/{register.pk}/", data).content.decode()
    assert "Clôturez la caisse avant de changer de mode" in html
    register.refresh_from_db()
    assert not register.training_mode
    sessions.close_session(sessions.open_session_of(register), admin, 5000)
    assert client.post(f"/caisse/reglages/caisses/{register.pk}/", data).status_code == 302
    register.refresh_from_db()
    assert register.training_mode
    assert JournalEvent.objects.filter(kind=EventKind.TRAINING_ON, register=register).count() == 1
