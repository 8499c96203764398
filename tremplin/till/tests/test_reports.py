"""Reports: the partner's monthly statement, the accounting export, the statistics of overrides."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin.inventory.models import ConnectivityProduct
from tremplin.inventory.services.devices import add_months
from tremplin.inventory.tests.factories import available_device
from tremplin.till.models import TillSettings
from tremplin.till.services import baskets, finalise, reports, sessions
from tremplin.till.tests.factories import register_at

from .factories import counted_stock, eligible_person, national_rules, open_register, sell

SECOND = timedelta(seconds=1)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cashier(make_user):
    return make_user("mediator", full_name="Camille Martin")


def accessory(name="Câble USB-C", face="8", price="2.50"):
    return ConnectivityProduct.objects.create(
        kind="accessory", operator="Fournisseur", name=name, face_value=face, solidarity_price=price
    )


def csv_text(response):
    content = response.content
    assert content.startswith("\ufeff".encode())  # the BOM French Excel needs to read UTF-8
    return content.decode("utf-8-sig")


def test_french_decimal_amounts_for_the_accountant():
    assert reports.percent(2000) == "20" and reports.percent(550) == "5,5"


def test_the_partner_statement_lists_every_partner_payment_of_the_month_and_the_total(
    site, other_site, partner, other_partner, cashier, make_user, client_as
):
    register = open_register(site, cashier)
    person = eligible_person(site)
    cable = accessory()
    counted_stock(site, cable, 10)
    laptop = available_device(site)
    # 120 € laptop: the CCAS pays 100 €, cash 20 €. A cable paid 2,50 € by the CCAS. Another partner's payment.
    # One second apart, so that the statement's chronological order is the order of the sales.
    start = timezone.now().replace(microsecond=0)
    first = sell(
        register,
        cashier,
        person,
        devices=[laptop],
        payments=[("partner", 10000, partner), ("cash", 2000, None)],
        now=start,
    ).sale
    second = sell(
        register, cashier, person, products=[cable], payments=[("partner", 250, partner)], now=start + SECOND
    ).sale
    sell(
        register, cashier, person, products=[cable], payments=[("partner", 250, other_partner)], now=start + 2 * SECOND
    )
    # A ticket at another site, paid by the same partner: the site manager of `site` does not see it.
    there = open_register(other_site, make_user("mediator", at=other_site))
    counted_stock(other_site, cable, 1)
    far = sell(
        there,
        cashier,
        eligible_person(other_site, "Binta"),
        products=[cable],
        payments=[("partner", 250, partner)],
        now=start + 3 * SECOND,
    )

    month = timezone.localdate()
    statement = reports.partner_statement(partner, month)
    assert [row.ticket_number for row in statement.rows] == [
        first.ticket_number,
        second.ticket_number,
        far.sale.ticket_number,
    ]
    assert statement.total_cents == 10500
    assert reports.partner_statement(partner, add_months(month, -1)).rows == []

    client = client_as("site_manager")
    query = {"partner": partner.pk, "month": month.strftime("%Y-%m")}
    html = client.get("/caisse/rapports/partenaires/", query).content.decode()
    assert first.ticket_number in html and far.sale.ticket_number not in html
    assert "102,50\u00a0€" in html
    text = csv_text(client.get("/caisse/rapports/partenaires/", {**query, "format": "csv"}))
    assert text.splitlines() == [
        "Ticket;Date;Espace;Montant (€)",
        f"{first.ticket_number};{month:%d/%m/%Y};{site.name};100,00",
        f"{second.ticket_number};{month:%d/%m/%Y};{site.name};2,50",
        "Total;;;102,50",
    ]


def test_training_tickets_never_reach_a_statement_or_the_accounts(site, partner, cashier):
    register = register_at(site, training_mode=True)
    sessions.open_session(register, cashier, 0)
    sell(
        register,
        cashier,
        eligible_person(site),
        devices=[available_device(site)],
        payments=[("partner", 12000, partner)],
    )
    today = timezone.localdate()
    assert reports.partner_statement(partner, today).rows == []
    assert reports.accounting_totals(today, today + timedelta(days=1)).tickets == 0


def test_the_accounting_export_totals_per_method_vat_rate_and_revenue_account(site, cashier, client_as):
    settings = TillSettings.current()
    settings.vat_liable = True
    settings.vat_rates = {"device": 2000, "connectivity": 2000, "accessory": 550}
    settings.revenue_accounts = {"device": "707100", "accessory": "707300"}
    settings.payment_accounts = {"cash": "530000", "card": "511200"}
    settings.save()
    register = open_register(site, cashier)
    person = eligible_person(site)
    cable = accessory(price="10")
    counted_stock(site, cable, 5)
    sell(register, cashier, person, devices=[available_device(site)], payments=[("card", 12000, None)])
    sell(register, cashier, person, products=[cable, cable])  # 2 × 10 € in cash

    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    totals = reports.accounting_totals(today.replace(day=1), tomorrow)
    assert totals.tickets == 2
    assert totals.by_method == [("Carte bancaire (terminal)", "511200", 12000), ("Espèces", "530000", 2000)]
    # VAT inside the price: 120 € at 20 % holds 20 €; 20 € at 5,5 % holds 1,04 € (20 × 5,5 / 105,5).
    assert totals.by_vat == [(550, 2000, 104, 1896), (2000, 12000, 2000, 10000)]
    assert totals.by_category == [("Accessoires", "707300", 2000), ("Matériel reconditionné", "707100", 12000)]

    client = client_as("network_admin")
    query = {"start": today.replace(day=1).isoformat(), "end": today.isoformat(), "format": "csv"}
    lines = csv_text(client.get("/caisse/rapports/comptabilite/", query)).splitlines()
    assert lines[0] == "Rubrique;Période;Libellé;Compte;Montant TTC;dont TVA;Montant HT"
    period = f"{today.replace(day=1):%d/%m/%Y} – {today:%d/%m/%Y}"
    assert f"Moyen de paiement;{period};Carte bancaire (terminal);511200;120,00;;" in lines
    assert f"TVA;{period};5,5 %;;20,00;1,04;18,96" in lines
    assert f"Compte de produits;{period};Accessoires;707300;20,00;;" in lines
    page = client.get("/caisse/rapports/comptabilite/", {k: v for k, v in query.items() if k != "format"})
    assert "120,00\u00a0€" in page.content.decode()


def test_the_accounting_page_refuses_a_period_ending_before_it_starts(client_as):
    html = client_as("network_admin").get(
        "/caisse/rapports/comptabilite/", {"start": "2026-03-10", "end": "2026-03-01"}
    )
    assert "La fin de la période précède son début." in html.content.decode()


def test_the_statistics_of_overrides_count_lines_per_key_site_and_month_with_reasons_and_no_person(
    site, cashier, make_user, client_as
):
    national_rules()
    manager = make_user("site_manager")
    register = open_register(site, cashier)
    person = eligible_person(site, "Awa", "Diallo")
    sell(register, cashier, person, devices=[available_device(site)])
    basket = baskets.open_basket(register, cashier)
    baskets.set_person(basket, person)
    line = baskets.add_device(basket, available_device(site).asset_tag)
    baskets.override_line(basket, line.pk, manager, "ordinateur volé,   plainte déposée")
    baskets.add_payment(basket, "cash", 12000)
    finalise.cash_in(basket.token, cashier)

    today = timezone.localdate()
    stats = reports.override_stats(today.replace(day=1), today + timedelta(days=1))
    assert stats.total == 1
    assert [(row["site"], row["key"], row["n"]) for row in stats.rows] == [(site.name, "Ordinateur portable", 1)]
    assert stats.reasons == [("ordinateur volé, plainte déposée", 1)]
    html = client_as("site_manager").get(
        "/caisse/rapports/derogations/", {"start": today.replace(day=1).isoformat(), "end": today.isoformat()}
    )
    html = html.content.decode()
    assert "ordinateur volé, plainte déposée" in html
    assert "Diallo" not in html and "Awa" not in html


def test_a_site_manager_sees_the_overrides_of_their_sites_only(site, other_site, make_user):
    national_rules()
    manager = make_user("site_manager", at=other_site)
    cashier = make_user("mediator", at=other_site)
    register = open_register(other_site, cashier)
    person = eligible_person(other_site)
    basket = baskets.open_basket(register, cashier)
    baskets.set_person(basket, person)
    line = baskets.add_device(basket, available_device(other_site).asset_tag)
    baskets.override_line(basket, line.pk, manager, "raison de la dérogation")
    baskets.add_payment(basket, "cash", 12000)
    finalise.cash_in(basket.token, cashier)
    today = timezone.localdate()
    end = today + timedelta(days=1)
    assert reports.override_stats(today.replace(day=1), end, {site.pk}).total == 0
    assert reports.override_stats(today.replace(day=1), end, {other_site.pk}).total == 1
