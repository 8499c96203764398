"""The till's "done means" journey in Chromium at tablet width, and the sale screen on a phone.

Open the register, sell a reserved laptop and a €10 recharge to an eligible person, pay part cash part
partner, print the receipt, try a second laptop (refused by the rule, with the sentence), close the day;
the next day return the laptop and close that day too. axe runs on every page visited.
"""

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tremplin.core.testing.browser import PHONE, assert_accessible, assert_fits_the_screen, browser_login
from tremplin.inventory.models import Device, Status
from tremplin.inventory.services.devices import reserve_device
from tremplin.till.models import Closure, ReceiptPrint, Sale
from tremplin.till.templatetags.till import euros

from .factories import available_device, eligible_person, national_rules, recharge_codes, recharge_product, register_at

TABLET = {"width": 768, "height": 1024}


def click(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    # The sale screen's forms are boosted by htmx: wait for the swap, not only for a page load.
    page.wait_for_load_state("networkidle")


def find_person(page, text, button):
    page.get_by_label("Personne (nom, téléphone ou code du bon d'orientation)").fill(text)
    page.locator("form.person-search button").click()
    page.get_by_role("button", name=button).click()
    expect(page.locator(".person-name")).to_be_visible()


def scan_code(page, code):
    scan = page.get_by_label("Scanner ou saisir un numéro d'inventaire, de série ou un IMEI")
    scan.fill(code)
    scan.press("Enter")  # what a handheld scanner does
    # The scan form is boosted by htmx: the next action starts once the swap has settled.
    page.wait_for_load_state("networkidle")


def open_sale_screen(page, live_url, make_user, site):
    """A mediator signed in on the sale screen of an open register; an eligible person and a laptop for sale exist."""
    from tremplin.till.services import sessions

    page.set_default_timeout(10_000)
    mediator = make_user("mediator", at=site)
    register = register_at(site, "C1")
    sessions.open_session(register, mediator, 5000)
    eligible_person(site)
    laptop = available_device(site)
    browser_login(page, mediator, live_url)
    page.goto(f"{live_url}/caisse/caisses/{register.pk}/vente/")
    return mediator, laptop


def add_payment(page, method, amount, partner=None):
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=method]", label=method)
    page.fill("input[name=amount]", amount)
    if partner:
        page.select_option("select[name=partner]", label=partner)
    count = page.locator(".payments li").count()
    page.get_by_role("button", name="Ajouter le paiement").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".payments li")).to_have_count(count + 1)


@pytest.mark.browser
def test_a_day_at_the_till_on_a_tablet_then_a_return_the_next_day(
    browser_page, live_url, make_user, site, partner, time_machine
):
    # 10:00 in Paris on a weekday, so that "today" and "the next day" never straddle midnight.
    time_machine.move_to(timezone.make_aware(datetime(2026, 3, 10, 10, 0)), tick=True)
    page = browser_page
    page.set_default_timeout(10_000)
    page.set_viewport_size(TABLET)
    mediator = make_user("mediator", at=site, full_name="Camille Martin")
    register = register_at(site, "C1")
    national_rules()
    person = eligible_person(site)
    laptop = available_device(site)
    reserve_device(mediator, laptop, person, timezone.now() + timedelta(days=3))
    second = available_device(site)
    recharge = recharge_product(name="Recharge 10 €", face_value="10", solidarity_price="5")
    codes = recharge_codes(site, recharge, 2)
    browser_login(page, mediator, live_url)

    # Open the register with a float counted "50,00".
    page.goto(f"{live_url}/caisse/")
    assert_accessible(page)
    page.get_by_role("link", name=f"{register.name} ({register.full_code})").click()
    assert_accessible(page)
    page.get_by_label("Fond de caisse compté (€)").fill("50,00")
    click(page, "Ouvrir la caisse")
    expect(page.locator(".messages")).to_contain_text(f"fond de caisse de {euros(5000)}")
    assert_accessible(page)

    # The sale: the person, their rights at once, the reserved laptop scanned, a €10 recharge.
    page.get_by_role("link", name="Nouvelle vente").click()
    assert_accessible(page)
    find_person(page, "Diallo", "Choisir DIALLO Awa")
    expect(page.locator(".rights-list")).to_contain_text("Ordinateur : 0 sur 1 sur les 24 derniers mois")
    expect(page.locator(".rights-list")).to_contain_text("Recharges : 0,00\u00a0€ utilisés sur 30,00\u00a0€ ce mois-ci")
    assert_accessible(page)
    expect(page.get_by_label("Scanner ou saisir un numéro d'inventaire, de série ou un IMEI")).to_be_focused()
    scan_code(page, laptop.asset_tag)
    expect(page.locator(".ticket-lines")).to_contain_text(laptop.asset_tag)
    page.locator("button.product-button", has_text="Recharge 10 €").click()
    expect(page.locator(".grand-total")).to_have_text(euros(12500))
    expect(page.locator(".totals")).to_contain_text(euros(33000 - 12500))  # the saving

    # The CCAS pays 100 €, the person hands over a 50 € note: 25 € change.
    add_payment(page, "Prise en charge par un partenaire", "100", partner.name)
    add_payment(page, "Espèces", "50")
    expect(page.locator(".change")).to_have_text(f"Monnaie à rendre : {euros(2500)}")
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_fits_the_screen(page)
    page.set_viewport_size(TABLET)
    click(page, "Encaisser")
    sale = Sale.objects.get()
    expect(page.locator("h1")).to_have_text(f"Ticket {sale.ticket_number}")
    expect(page.locator(".receipt")).to_contain_text(f"Code de recharge : {codes[0]}")
    assert_accessible(page)

    # The 80-mm page is first a preview that counts nothing; its button prints (and counts) the original,
    # which carries the code; the ticket page no longer does.
    page.get_by_role("button", name="Ticket (80 mm)").click()
    expect(page.locator(".print-note")).to_contain_text("rien n'est encore imprimé ni compté")
    expect(page.locator(".receipt")).not_to_contain_text(codes[0])
    assert_accessible(page)
    assert not ReceiptPrint.objects.exists()
    page.get_by_role("button", name="Imprimer l'original").dblclick()
    expect(page.locator(".print-note")).to_contain_text("Original compté")
    expect(page.locator(".receipt")).to_contain_text(f"Code de recharge : {codes[0]}")
    assert list(ReceiptPrint.objects.values_list("copy_number", flat=True)) == [0]  # a double click: one copy
    expect(page.locator(".receipt")).to_contain_text("TVA non applicable, art. 293 B du CGI")
    assert_accessible(page)
    page.get_by_role("link", name="Retour au ticket").click()
    expect(page.locator(".receipt")).not_to_contain_text(codes[0])
    assert_accessible(page)

    # A second laptop: the screen says why at once, takes no payment and cannot cash in.
    page.get_by_role("link", name="Nouvelle vente").click()
    find_person(page, "Diallo", "Choisir DIALLO Awa")
    scan_code(page, second.asset_tag)
    sentence = (
        "hors des droits de la personne — Ordinateur : déjà obtenu le 10/03/2026, de nouveau possible le 10/03/2028."
    )
    expect(page.locator(".ticket")).to_contain_text(sentence)
    expect(page.locator(".payment-form")).to_have_count(0)
    expect(page.get_by_role("button", name="Encaisser")).to_be_disabled()
    assert_accessible(page)
    assert Sale.objects.count() == 1
    click(page, "Abandonner ce ticket")
    expect(page.locator(".messages")).to_contain_text("Ticket abandonné")

    # Close the day: 50 € float + 25 € kept in cash = 75 € counted.
    page.get_by_role("link", name="Retour à la caisse (tickets du jour, clôture)").click()
    expect(page.locator("#tickets-title")).to_be_visible()
    expect(page.locator("table")).to_contain_text(sale.ticket_number)
    assert_accessible(page)
    page.get_by_label("Espèces comptées dans le tiroir (€)").fill("75")
    click(page, "Clôturer la journée")
    expect(page.locator(".messages")).to_contain_text("Journée clôturée (Z n°1)")
    assert_accessible(page)

    # The next day: open again, take the laptop back (the CCAS gets its 100 €, the person 20 € in cash).
    time_machine.move_to(timezone.make_aware(datetime(2026, 3, 11, 10, 0)), tick=True)
    browser_login(page, mediator, live_url)
    page.goto(f"{live_url}{register.get_absolute_url()}")
    page.get_by_label("Fond de caisse compté (€)").fill("50")
    click(page, "Ouvrir la caisse")
    page.goto(f"{live_url}{sale.get_absolute_url()}")
    page.get_by_label(f"{sale.lines.get(device=laptop).label} — {euros(12000)}").check()
    click(page, "Préparer le retour")
    expect(page.locator("h1")).to_have_text(f"Retour sur le ticket {sale.ticket_number}")
    assert_accessible(page)
    page.select_option("select[name=method]", label="Prise en charge par un partenaire")
    page.fill("input[name=amount]", "100")
    page.select_option("select[name=partner]", label=partner.name)
    click(page, "Ajouter le remboursement")
    page.select_option("select[name=method]", label="Espèces")
    page.fill("input[name=amount]", "20")
    click(page, "Ajouter le remboursement")
    click(page, "Encaisser le retour")
    refund = Sale.objects.get(kind="return")
    expect(page.locator("h1")).to_have_text(f"Retour {refund.ticket_number}")
    assert_accessible(page)
    assert refund.total_cents == -12000 and refund.original_sale == sale
    assert Device.objects.get(pk=laptop.pk).status == Status.RETURNED

    # Close the second day: 50 € float − 20 € given back = 30 €.
    page.get_by_role("link", name="Retour à la caisse", exact=True).click()
    page.get_by_label("Espèces comptées dans le tiroir (€)").fill("30")
    click(page, "Clôturer la journée")
    expect(page.locator(".messages")).to_contain_text("Journée clôturée (Z n°2)")
    assert list(Closure.objects.order_by("number").values_list("total_cents", flat=True)) == [12500, -12000]


@pytest.mark.browser
def test_the_sale_screen_fits_a_phone_and_works_there(phone_page, live_url, make_user, site):
    page = phone_page
    _mediator, laptop = open_sale_screen(page, live_url, make_user, site)
    assert_fits_the_screen(page)
    assert_accessible(page)
    find_person(page, "Diallo", "Choisir DIALLO Awa")
    scan_code(page, laptop.asset_tag)
    expect(page.locator(".ticket-lines")).to_contain_text(laptop.asset_tag)
    assert_fits_the_screen(page)
    assert_accessible(page)


@pytest.mark.browser
def test_an_error_answer_or_a_lost_connection_is_said_on_the_sale_screen(browser_page, live_url, make_user, site):
    """htmx alone leaves the screen as it was when a boosted form gets an error or no answer: the click seems lost."""
    page = browser_page
    mediator, laptop = open_sale_screen(page, live_url, make_user, site)
    find_person(page, "Diallo", "Choisir DIALLO Awa")
    scan_code(page, laptop.asset_tag)
    expect(page.locator(".ticket-lines")).to_contain_text(laptop.asset_tag)
    page.wait_for_load_state("networkidle")

    # The network drops: the screen says so, and the amount typed is still there.
    page.route(re.compile(r"/vente/paiement/$"), lambda route: route.abort("connectionrefused"))
    page.select_option("select[name=method]", label="Carte bancaire (terminal)")
    page.fill("input[name=amount]", "120")
    page.get_by_role("button", name="Ajouter le paiement").click()
    expect(page.get_by_role("alert")).to_contain_text("Le serveur ne répond pas")
    expect(page.locator("input[name=amount]")).to_have_value("120")
    # The browser and htmx log the refused connection: expected here, and only that.
    assert page.console_errors and all(
        "sendError" in error or "afterRequest" in error or "ERR_CONNECTION_REFUSED" in error
        for error in page.console_errors
    ), page.console_errors
    page.console_errors.clear()
    assert_accessible(page)
    page.unroute(re.compile(r"/vente/paiement/$"))

    # The account loses its place at the site meanwhile: the register is no longer one it can see, and the
    # server's 404 page shows, as it would without JavaScript (htmx alone would not swap an error answer).
    mediator.memberships.all().delete()
    page.get_by_role("button", name="Ajouter le paiement").click()
    expect(page.locator("h1")).to_have_text("Page introuvable")
    page.console_errors.clear()  # the browser logs the 404 answer itself
    assert_accessible(page)
