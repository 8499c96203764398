"""The sale screen: roles, the posted person search, scanning, products, payments, cashing in, bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tremplin.core.models import AccessLog
from tremplin.inventory.models import Status
from tremplin.inventory.services.devices import reserve_device
from tremplin.till.models import Basket, Sale
from tremplin.till.services import baskets
from tremplin.till.templatetags.till import euros

from .factories import (
    available_device,
    eligible_person,
    national_rules,
    open_register,
    recharge_codes,
    recharge_product,
    sell,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(make_user):
    return make_user("mediator", full_name="Camille Martin")


@pytest.fixture
def register(site, mediator):
    return open_register(site, mediator)


def signed_in(user):
    """A client of its own (client_as() reuses pytest-django's `client`)."""
    from django.test import Client

    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


@pytest.fixture
def cashier(mediator):
    return signed_in(mediator)


@pytest.fixture
def person(site):
    return eligible_person(site)


def url(name, register):
    return reverse(name, args=[register.pk])


def screen(client, register):
    response = client.get(url("till:sell", register))
    assert response.status_code == 200
    assert b"!!INVALID" not in response.content
    return response.content.decode()


def choose(client, register, person):
    return client.post(url("till:sell_person", register), {"beneficiary": str(person.pk)})


def basket_of(register, user):
    return Basket.objects.get(register=register, cashier=user, sale__isnull=True)


@pytest.mark.parametrize("role", ["site_manager", "mediator"])
def test_site_managers_and_mediators_open_the_sale_screen(client_as, register, role):
    assert "Encaisser" in client_as(role).get(url("till:sell", register)).content.decode()


@pytest.mark.parametrize("role", ["network_admin", "volunteer", "referrer", "observer"])
def test_others_get_404_on_the_sale_screen_and_its_actions(client_as, register, role):
    client = client_as(role)
    assert client.get(url("till:sell", register)).status_code == 404
    for name in ("till:sell_person", "till:sell_scan", "till:sell_product", "till:sell_payment", "till:cash_in"):
        assert client.post(url(name, register), {}).status_code == 404


def test_a_mediator_of_another_site_gets_404(client_as, register, other_site):
    assert client_as("mediator", at=other_site).get(url("till:sell", register)).status_code == 404


def test_a_closed_register_sends_back_to_its_page(client_as, site):
    from .factories import register_at

    register = register_at(site, "C9")
    response = client_as("mediator").get(url("till:sell", register), follow=True)
    assert "La caisse est fermée" in response.content.decode()


def test_the_person_is_found_by_a_posted_search_and_never_named_in_an_address(cashier, register, person):
    response = cashier.post(
        reverse("core:remember_search"), {"q": "Diallo", "next": url("till:sell", register)}, follow=True
    )
    assert all("Diallo" not in address for address, _status in response.redirect_chain)
    page = response.content.decode()
    assert "Choisir DIALLO Awa" in page
    choose(cashier, register, person)
    page = screen(cashier, register)
    assert "DIALLO Awa" in page
    assert basket_of(register, person_user(cashier)).beneficiary == person


def person_user(client):
    from django.contrib.auth import get_user

    return get_user(client)


def test_choosing_the_person_shows_rights_and_eligibility_and_logs_the_access(cashier, register, person, mediator):
    national_rules()
    choose(cashier, register, person)
    page = screen(cashier, register)
    valid_until = person.eligibility_records.get().valid_until
    assert f"Éligibilité valable jusqu'au {valid_until:%d/%m/%Y}" in page
    assert "Recharges : 0,00\u00a0€ utilisés sur 30,00\u00a0€ ce mois-ci" in page
    assert "Ordinateur : 0 sur 1 sur les 24 derniers mois" in page
    assert AccessLog.objects.filter(actor=mediator, object_id=str(person.pk), action="view").exists()


def test_an_expired_eligibility_is_shown_and_cashing_in_is_refused(cashier, register, site, mediator):
    person = eligible_person(site, checked_on=timezone.localdate() - timedelta(days=400))
    choose(cashier, register, person)
    cashier.post(url("till:sell_scan", register), {"code": available_device(site).asset_tag})
    cashier.post(url("till:sell_payment", register), {"method": "card", "amount": "120"})
    page = screen(cashier, register)
    assert "L&#x27;éligibilité de cette personne a expiré" in page
    response = cashier.post(url("till:cash_in", register), {"basket": str(basket_of(register, mediator).token)})
    assert response.status_code == 302
    assert "a expiré" in cashier.get(response.url).content.decode()
    assert not Sale.objects.exists()


def test_scanning_adds_the_device_with_its_prices_and_the_saving(cashier, register, person, site):
    laptop = available_device(site)
    choose(cashier, register, person)
    cashier.post(url("till:sell_scan", register), {"code": f"  {laptop.serial_number}  "})
    page = screen(cashier, register)
    assert laptop.asset_tag in page
    assert euros(12000) in page and euros(32000) in page  # solidarity and reference prices
    assert euros(20000) in page  # what the person saves


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("unknown", "Aucun appareil ne porte le numéro « XX-0000 »."),
        ("elsewhere", "appartient à l&#x27;espace Espace Grenoble test : il ne peut pas être vendu ici."),
        ("sold", "est déjà vendu."),
        ("empty", "Scannez ou saisissez un numéro d&#x27;inventaire"),
        ("long", "60 caractères au plus"),
    ],
)
def test_a_bad_scan_gets_a_clear_message_and_adds_nothing(
    cashier, register, person, site, other_site, mediator, case, message
):
    choose(cashier, register, person)
    code = {"unknown": "XX-0000", "empty": "", "long": "9" * 80}.get(case)
    if case == "elsewhere":
        code = available_device(other_site).asset_tag
    if case == "sold":
        device = available_device(site)
        sell(register, mediator, eligible_person(site, "Jean", "Dupont"), devices=[device])
        code = device.asset_tag
        choose(cashier, register, person)  # the sale above cashed the cashier's ticket in: a new one
    response = cashier.post(url("till:sell_scan", register), {"code": code}, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not basket_of(register, mediator).lines.exists()


def test_a_device_reserved_for_the_person_is_sold_to_them_only(cashier, register, site, mediator):
    person = eligible_person(site)
    other = eligible_person(site, "Jean", "Dupont")
    laptop = available_device(site)
    reserve_device(mediator, laptop, person, timezone.now() + timedelta(days=3))
    choose(cashier, register, other)
    response = cashier.post(url("till:sell_scan", register), {"code": laptop.asset_tag}, follow=True)
    assert "est réservé pour une autre personne" in response.content.decode()
    choose(cashier, register, person)
    cashier.post(url("till:sell_scan", register), {"code": laptop.asset_tag})
    assert basket_of(register, mediator).lines.get().device == laptop


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"method": "cash", "amount": "-5"}, "Le montant ne peut pas être négatif."),
        ({"method": "cash", "amount": "douze"}, "Saisissez un montant en euros"),
        ({"method": "cash", "amount": "0"}, "Le montant doit être positif."),
        ({"method": "card", "amount": "200"}, "seul le paiement en espèces rend la monnaie"),
        ({"method": "partner", "amount": "20"}, "Indiquez le partenaire qui prend en charge."),
        ({"method": "bitcoin", "amount": "20"}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_payments_get_a_clear_message_and_record_nothing(cashier, register, person, site, mediator, data, message):
    choose(cashier, register, person)
    cashier.post(url("till:sell_scan", register), {"code": available_device(site).asset_tag})
    response = cashier.post(url("till:sell_payment", register), data, follow=True)
    assert message in response.content.decode()
    assert not basket_of(register, mediator).payments.exists()


def test_cash_gives_change_and_a_partner_pays_part(cashier, register, person, site, partner, mediator):
    choose(cashier, register, person)
    cashier.post(url("till:sell_scan", register), {"code": available_device(site).asset_tag})
    cashier.post(url("till:sell_payment", register), {"method": "partner", "amount": "100", "partner": partner.pk})
    cashier.post(url("till:sell_payment", register), {"method": "cash", "amount": "50"})
    page = screen(cashier, register)
    assert f"Monnaie à rendre : {euros(3000)}" in page
    assert "Le ticket est payé." in page
    assert partner.name in page


def test_cashing_in_shows_the_ticket_with_the_code_once_and_a_second_click_the_same_ticket(
    cashier, register, person, site, mediator
):
    recharge = recharge_product()
    codes = recharge_codes(site, recharge, 1)
    choose(cashier, register, person)
    cashier.post(url("till:sell_product", register), {"product": recharge.pk})
    cashier.post(url("till:sell_payment", register), {"method": "cash", "amount": "5"})
    token = str(basket_of(register, mediator).token)
    first = cashier.post(url("till:cash_in", register), {"basket": token})
    assert first.status_code == 200
    page = first.content.decode()
    sale = Sale.objects.get()
    assert sale.ticket_number in page
    assert f"Code de recharge : {codes[0]}" in page
    again = cashier.post(url("till:cash_in", register), {"basket": token})
    page = again.content.decode()
    assert "Ce ticket était déjà encaissé" in page and sale.ticket_number in page
    assert codes[0] not in page
    assert Sale.objects.count() == 1
    assert codes[0] not in cashier.get(sale.get_absolute_url()).content.decode()


def test_a_foreign_or_junk_basket_token_gives_404(client_as, cashier, register, person, site, mediator):
    choose(cashier, register, person)
    token = str(basket_of(register, mediator).token)
    other = client_as("mediator")
    assert other.post(url("till:cash_in", register), {"basket": token}).status_code == 404
    assert cashier.post(url("till:cash_in", register), {"basket": "pas-un-uuid"}).status_code == 404


def test_a_second_laptop_is_flagged_on_screen_and_refused_before_any_payment(cashier, register, person, site, mediator):
    national_rules()
    first = sell(register, mediator, person, devices=[available_device(site)]).sale
    choose(cashier, register, person)
    second = available_device(site)
    cashier.post(url("till:sell_scan", register), {"code": second.asset_tag})
    day = timezone.localdate(first.finalised_at)
    sentence = (
        f"hors des droits de la personne — Ordinateur : déjà obtenu le {day:%d/%m/%Y}, "
        f"de nouveau possible le {day.replace(year=day.year + 2):%d/%m/%Y}."
    )
    page = screen(cashier, register)
    assert page.count(sentence) == 1  # listed once, naming its line
    assert f"« {second.get_category_display()} {second.brand} {second.model_name} » : {sentence}" in page
    assert 'action="' + url("till:sell_payment", register) not in page  # no payment form
    assert_cash_in_disabled(page)
    response = cashier.post(url("till:sell_payment", register), {"method": "card", "amount": "120"}, follow=True)
    assert sentence in response.content.decode()
    assert not basket_of(register, mediator).payments.exists()
    response = cashier.post(url("till:cash_in", register), {"basket": str(basket_of(register, mediator).token)})
    assert Sale.objects.count() == 1


def assert_cash_in_disabled(page, disabled=True):
    import re

    button = re.search(r'<button type="submit" class="big-button"([^>]*)>', page).group(1)
    assert ("disabled" in button) is disabled


def test_a_site_manager_overrides_a_line_with_a_reason_a_mediator_cannot(
    cashier, login, register, person, site, make_user
):
    national_rules()
    mediator = person_user(cashier)
    sell(register, mediator, person, devices=[available_device(site)])
    choose(cashier, register, person)
    cashier.post(url("till:sell_scan", register), {"code": available_device(site).asset_tag})
    line = basket_of(register, mediator).lines.get()
    response = cashier.post(
        url("till:sell_override", register), {"line": line.pk, "reason": "vol, plainte"}, follow=True
    )
    assert "Seul·e un·e responsable d&#x27;espace" in response.content.decode()
    manager = make_user("site_manager")
    manager_client = login(manager)
    choose(manager_client, register, person)
    manager_client.post(url("till:sell_scan", register), {"code": available_device(site).asset_tag})
    manager_line = basket_of(register, manager).lines.get()
    assert "Dérogation" in screen(manager_client, register)
    manager_client.post(url("till:sell_override", register), {"line": manager_line.pk, "reason": "vol, plainte"})
    manager_line.refresh_from_db()
    assert manager_line.override_reason == "vol, plainte" and manager_line.override_by == manager


def test_removing_a_line_and_a_payment_and_abandoning_the_ticket(cashier, register, person, site, mediator):
    choose(cashier, register, person)
    cashier.post(url("till:sell_scan", register), {"code": available_device(site).asset_tag})
    basket = basket_of(register, mediator)
    cashier.post(url("till:sell_payment", register), {"method": "card", "amount": "20"})
    cashier.post(url("till:sell_remove_payment", register), {"payment": basket.payments.get().pk})
    assert not basket.payments.exists()
    cashier.post(url("till:sell_remove_line", register), {"line": basket.lines.get().pk})
    assert not basket.lines.exists()
    cashier.post(url("till:sell_new", register))
    assert not Basket.objects.filter(pk=basket.pk).exists()


def test_an_unknown_product_or_person_is_a_message_not_an_error(cashier, register, mediator):
    response = cashier.post(url("till:sell_product", register), {"product": "²"}, follow=True)
    assert "Cette offre n&#x27;est plus proposée." in response.content.decode()
    response = cashier.post(url("till:sell_person", register), {"beneficiary": "12"}, follow=True)
    assert "Cette personne n&#x27;est pas dans la liste de votre espace." in response.content.decode()


def test_the_device_is_sold_after_cashing_in(cashier, register, person, site, mediator):
    laptop = available_device(site)
    choose(cashier, register, person)
    cashier.post(url("till:sell_scan", register), {"code": laptop.asset_tag})
    cashier.post(url("till:sell_payment", register), {"method": "cash", "amount": "120"})
    cashier.post(url("till:cash_in", register), {"basket": str(basket_of(register, mediator).token)})
    laptop.refresh_from_db()
    assert laptop.status == Status.SOLD
    assert baskets.open_basket(register, mediator).lines.count() == 0  # the next ticket starts empty


def test_training_mode_shows_formation_everywhere_and_its_tickets_are_watermarked(client_as, site, make_user):
    from tremplin.till.services import sessions

    from .factories import register_at

    manager = make_user("site_manager")
    register = register_at(site, "F1", training_mode=True)
    sessions.open_session(register, manager, 0)
    client = client_as("mediator")
    person = eligible_person(site)
    assert "FORMATION" in screen(client, register)
    choose(client, register, person)
    client.post(url("till:sell_scan", register), {"code": available_device(site).asset_tag})
    client.post(url("till:sell_payment", register), {"method": "cash", "amount": "120"})
    basket = Basket.objects.get(register=register, sale__isnull=True)
    page = client.post(url("till:cash_in", register), {"basket": str(basket.token)}).content.decode()
    sale = Sale.objects.get()
    assert sale.training and sale.ticket_number.startswith("F-")
    assert "FORMATION — ticket sans valeur" in page
    assert "FORMATION" in client.get(register.get_absolute_url()).content.decode()


def test_the_person_is_also_found_by_phone_typed_as_printed(cashier, register, person):
    person.phone = "+33612345678"
    person.save()
    response = cashier.post(
        reverse("core:remember_search"), {"q": "06 12 34 56 78", "next": url("till:sell", register)}, follow=True
    )
    assert "Choisir DIALLO Awa" in response.content.decode()


def test_only_the_lines_that_go_over_a_right_are_flagged_so_a_manager_overrides_those(site, make_user):
    """10 € of recharges used this month, 3 × 10 € on the ticket: 10 + 10 + 10 fit in 30 €, the third line
    makes 40 €: it alone is over. The sentence gives the whole ticket (30 € asked, 20 € left)."""
    from tremplin.till.services.rights import lines_over_rights

    from .factories import eligible_person, national_rules, open_register, recharge_codes, recharge_product, sell

    national_rules()
    cashier = make_user("mediator")
    register = open_register(site, cashier, code="C9")
    person = eligible_person(site)
    ten = recharge_product()
    recharge_codes(site, ten, 4)
    sell(register, cashier, person, products=[ten])
    lines = [(n, "recharge", 1, 1000, False) for n in (1, 2, 3)]
    assert lines_over_rights(person, lines) == {
        3: [
            "droit « Recharges » : 10,00\u00a0€ utilisés sur 30,00\u00a0€ ce mois-ci, il reste 20,00\u00a0€ ; "
            "ce ticket en demande 30,00\u00a0€"
        ]
    }
    # A 25 € line first, then 10 €: the 25 € does not fit (20 € left), the 10 € after it does.
    mixed = [(1, "recharge", 1, 2500, False), (2, "recharge", 1, 1000, False)]
    assert list(lines_over_rights(person, mixed)) == [1]
    # Overriding the line over brings the ticket back within the right: nothing is flagged any more.
    lines[2] = (3, "recharge", 1, 1000, True)
    assert lines_over_rights(person, lines) == {}


def test_a_cash_amount_typed_wrong_is_refused_with_the_reason_and_stays_in_the_field(
    cashier, register, person, site, mediator
):
    """« 100000 » typed for « 10.00 »: 100 € of change or more means a note too many, so a typing mistake."""
    choose(cashier, register, person)
    cashier.post(url("till:sell_scan", register), {"code": available_device(site).asset_tag})  # 120 € due
    response = cashier.post(url("till:sell_payment", register), {"method": "cash", "amount": "100000"})
    page = response.content.decode()
    assert response.status_code == 200
    assert f"{euros(10_000_000)} remis en espèces pour {euros(12000)} restant à payer" in page
    assert "une virgule oubliée ?" in page
    assert 'value="100000"' in page and 'aria-invalid="true"' in page  # what was typed is still there
    assert not basket_of(register, mediator).payments.exists()
    refused = cashier.post(url("till:sell_payment", register), {"method": "cash", "amount": "220"})  # 100 € back
    assert "la caisse refuse une monnaie à rendre de 100 € ou plus" in refused.content.decode()
    cashier.post(url("till:sell_payment", register), {"method": "cash", "amount": "219,99"})  # 99,99 € back
    payment = basket_of(register, mediator).payments.get()
    assert (payment.amount_cents, payment.tendered_cents) == (12000, 21999)


def test_cash_on_one_ticket_is_capped_at_1000_euros_by_law(cashier, register, person, site, mediator):
    """CMF art. L112-6 and D112-3: an individual pays a professional at most 1,000 € in cash."""
    device = available_device(site)
    type(device).objects.filter(pk=device.pk).update(solidarity_price=1500)
    choose(cashier, register, person)
    cashier.post(url("till:sell_scan", register), {"code": device.asset_tag})
    page = cashier.post(url("till:sell_payment", register), {"method": "cash", "amount": "1000,01"}).content.decode()
    assert "plafonné à " + euros(100_000) in page and "art. L112-6 et D112-3" in page
    assert f"{euros(100_000)} peuvent encore être payés en espèces" in page
    assert 'value="1000,01"' in page
    cashier.post(url("till:sell_payment", register), {"method": "cash", "amount": "600"})
    page = cashier.post(url("till:sell_payment", register), {"method": "cash", "amount": "450"}).content.decode()
    assert f"{euros(40_000)} peuvent encore être payés en espèces" in page
    cashier.post(url("till:sell_payment", register), {"method": "cash", "amount": "400"})  # exactly 1,000 €
    cashier.post(url("till:sell_payment", register), {"method": "card", "amount": "500"})
    assert sorted(basket_of(register, mediator).payments.values_list("amount_cents", flat=True)) == [
        40_000,
        50_000,
        60_000,
    ]
    assert "Le ticket est payé." in screen(cashier, register)


def test_a_recharge_over_the_right_names_the_product_the_right_what_was_used_and_what_is_left(
    cashier, register, site, mediator
):
    """National rule: 30 € of recharges (face value) per month. 20 € used, a 20 € recharge asked: 10 € left."""
    national_rules()
    person = eligible_person(site)
    ten, twenty = recharge_product(), recharge_product(name="Recharge 20 €", face_value=20)
    recharge_codes(site, ten, 2)
    recharge_codes(site, twenty, 1, start=50)
    sell(register, mediator, person, products=[ten, ten])
    choose(cashier, register, person)
    cashier.post(url("till:sell_product", register), {"product": twenty.pk})
    assert (
        "« Recharge 20 € (Opérateur Solidaire) » : hors des droits de la personne — droit « Recharges » : "
        f"{euros(2000)} utilisés sur {euros(3000)} ce mois-ci, il reste {euros(1000)} ; "
        f"ce ticket en demande {euros(2000)}."
    ) in screen(cashier, register)
