"""Receipts: the ticket page, the 80-mm print, the A4 PDF, duplicates, e-mail, and revealing a code again."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tremplin.core.models import AccessLog
from tremplin.till.models import JournalEvent, ReceiptPrint, TillSettings
from tremplin.till.services import receipts
from tremplin.till.templatetags.till import euros

from .factories import available_device, eligible_person, open_register, recharge_codes, recharge_product, sell

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(make_user):
    return make_user("mediator", full_name="Camille Martin")


@pytest.fixture
def sold(site, mediator, partner):
    """A ticket: a laptop and a €10 recharge, the CCAS pays 100 €, the person hands over a 50 € note."""
    register = open_register(site, mediator)
    recharge = recharge_product()
    codes = recharge_codes(site, recharge, 1)
    done = sell(
        register,
        mediator,
        eligible_person(site),
        devices=[available_device(site)],
        products=[recharge],
        payments=[("partner", 10000, partner), ("cash", 5000, None)],
    )
    done.codes = codes
    return done


def page_of(response):
    assert response.status_code == 200, response.status_code
    assert b"!!INVALID" not in response.content
    return response.content.decode()


@pytest.mark.parametrize("role", ["network_admin", "site_manager", "mediator"])
def test_till_staff_see_the_ticket(client_as, sold, role):
    assert sold.sale.ticket_number in page_of(client_as(role).get(sold.sale.get_absolute_url()))


@pytest.mark.parametrize("role", ["volunteer", "referrer", "observer"])
def test_others_get_404_on_the_ticket_and_its_prints(client_as, sold, role):
    client = client_as(role)
    assert client.get(sold.sale.get_absolute_url()).status_code == 404
    for name in ("till:print", "till:pdf", "till:email", "till:reveal_code", "till:start_return"):
        assert client.post(reverse(name, args=[sold.sale.pk]), {}).status_code == 404


def test_a_mediator_of_another_site_gets_404_on_the_ticket(client_as, sold, other_site):
    assert client_as("mediator", at=other_site).get(sold.sale.get_absolute_url()).status_code == 404


def test_the_receipt_shows_what_the_law_and_the_person_need(client_as, sold, partner):
    settings = TillSettings.current()
    settings.legal_name = "Association Tremplin Lyon"
    settings.legal_address = "3 rue de la Paix, 69001 Lyon"
    settings.legal_siret = "12345678900011"
    settings.save()
    sale = sold.sale
    page = page_of(client_as("mediator").get(sale.get_absolute_url()))
    for text in (
        "Association Tremplin Lyon",
        "3 rue de la Paix, 69001 Lyon",
        "SIRET 123\u00a0456\u00a0789\u00a000011",  # as INSEE prints it: the SIREN in threes, then the NIC
        sale.register.site.name,
        sale.ticket_number,
        "Servi par Camille",
        f"prix unitaire {euros(12000)} (prix de référence {euros(32000)})",
        "Garantie jusqu'au",
        partner.name,
        f"remis {euros(5000)}",
        f"Monnaie rendue</dt><dd>{euros(2500)}",
        f"Vous économisez</dt><dd><strong>{euros(20500)}",
        "TVA non applicable, art. 293 B du CGI",
        f"Empreinte du journal : {sale.hash[:12]}",
    ):
        assert text in page, text
    assert sold.codes[0] not in page  # the ticket page later never shows the code


def test_the_vat_per_rate_replaces_the_exemption_when_the_network_is_liable(client_as, site, mediator):
    settings = TillSettings.current()
    settings.vat_liable = True
    settings.vat_rates = {"device": 2000}
    settings.save()
    register = open_register(site, mediator)
    sale = sell(register, mediator, eligible_person(site), devices=[available_device(site)]).sale
    page = page_of(client_as("mediator").get(sale.get_absolute_url()))
    assert "TVA non applicable" not in page
    # 120 € TTC at 20 %: VAT = 120 × 20 / 120 = 20 €, HT 100 €.
    assert f"dont TVA 20 %</dt><dd>{euros(2000)} <small>(HT {euros(10000)})" in page


def test_the_first_print_is_the_original_with_the_code_then_duplicates_mask_it(client_as, sold):
    client = client_as("mediator")
    sale = sold.sale
    original = page_of(client.post(reverse("till:print", args=[sale.pk])))
    assert f"Code de recharge : {sold.codes[0]}" in original
    assert "DUPLICATA" not in original
    assert AccessLog.objects.filter(action="print", object_type="inventory.rechargecode").count() == 1
    duplicate = page_of(client.post(reverse("till:print", args=[sale.pk])))
    assert "DUPLICATA n°1" in duplicate
    assert sold.codes[0] not in duplicate
    assert f"•••• •••• {sold.codes[0][-4:]}" in duplicate
    second = page_of(client.post(reverse("till:print", args=[sale.pk])))
    assert "DUPLICATA n°2" in second
    assert list(ReceiptPrint.objects.filter(sale=sale).values_list("copy_number", flat=True)) == [0, 1, 2]
    events = JournalEvent.objects.filter(kind="reprint").order_by("number")
    assert [event.details["copy"] for event in events] == [1, 2]


def test_showing_the_80_mm_page_counts_nothing_and_its_button_prints_the_original(client_as, sold):
    """One original, then « duplicata » with a count: the original is the first copy actually printed."""
    client = client_as("mediator")
    url = reverse("till:print", args=[sold.sale.pk])
    for _ in range(3):  # the tester's case: the page opened (or reloaded) without printing
        preview = page_of(client.get(url))
        assert "Imprimer l'original" in preview
        assert sold.codes[0] not in preview and "DUPLICATA" not in preview
    assert not ReceiptPrint.objects.exists()
    assert "pas encore imprimé" in page_of(client.get(sold.sale.get_absolute_url()))
    original = page_of(client.post(url, {"copy": "0"}))
    assert f"Code de recharge : {sold.codes[0]}" in original and "DUPLICATA" not in original
    assert "data-autoprint" in original
    assert "Imprimer le duplicata n°1" in page_of(client.get(url))


def test_a_double_click_on_a_print_button_makes_one_copy(client_as, sold):
    client = client_as("mediator")
    url = reverse("till:print", args=[sold.sale.pk])
    _first, second = (page_of(client.post(url, {"copy": "0"})) for _ in range(2))
    assert f"Code de recharge : {sold.codes[0]}" in second  # the page the browser keeps is the original
    assert list(ReceiptPrint.objects.values_list("copy_number", flat=True)) == [0]
    assert not JournalEvent.objects.filter(kind="reprint").exists()
    pdfs = [client.post(reverse("till:pdf", args=[sold.sale.pk]), {"copy": "1"}) for _ in range(2)]
    assert all("duplicata-1" in pdf["Content-Disposition"] for pdf in pdfs)
    assert list(ReceiptPrint.objects.values_list("copy_number", flat=True)) == [0, 1]
    # A later press from the same old page is a new print: duplicata n°2, journaled.
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        assert "DUPLICATA n°2" in page_of(client.post(url, {"copy": "1"}))
    assert [event.details["copy"] for event in JournalEvent.objects.filter(kind="reprint").order_by("number")] == [1, 2]


def test_a_double_click_on_send_by_e_mail_sends_one_e_mail(
    client_as, sold, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_as("mediator")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            client.post(reverse("till:email", args=[sold.sale.pk]), {"email": "awa@example.org", "copy": "1"})
    assert len(mailoutbox) == 1
    assert ReceiptPrint.objects.get(sale=sold.sale).copy_number == 1


def test_another_person_pressing_print_at_the_same_time_makes_a_duplicate(client_as, sold):
    url = reverse("till:print", args=[sold.sale.pk])
    page_of(client_as("mediator").post(url, {"copy": "0"}))
    other = page_of(client_as("site_manager").post(url, {"copy": "0"}))
    assert "DUPLICATA n°1" in other and sold.codes[0] not in other


def test_the_pdf_is_a_counted_copy(client_as, sold):
    client = client_as("mediator")
    response = client.post(reverse("till:pdf", args=[sold.sale.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="ticket-{sold.sale.ticket_number}.pdf"' in response["Content-Disposition"]
    again = client.post(reverse("till:pdf", args=[sold.sale.pk]))
    assert "duplicata-1" in again["Content-Disposition"]


def test_the_receipt_by_e_mail_has_no_personal_data_in_its_subject_and_masks_codes(
    client_as, sold, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_as("mediator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("till:email", args=[sold.sale.pk]), {"email": "awa@example.org"})
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert mail.subject == f"Votre ticket de caisse {sold.sale.ticket_number}"
    assert mail.to == ["awa@example.org"]
    assert mail.attachments[0][2] == "application/pdf"
    assert ReceiptPrint.objects.get(sale=sold.sale).fmt == "email"
    assert ReceiptPrint.objects.get(sale=sold.sale).copy_number == 1  # the printed original stays available


def test_a_bad_e_mail_address_is_shown_next_to_the_field(client_as, sold, mailoutbox):
    page = page_of(client_as("mediator").post(reverse("till:email", args=[sold.sale.pk]), {"email": "pas une adresse"}))
    assert "errorlist" in page
    assert not mailoutbox and not ReceiptPrint.objects.exists()


def test_a_site_manager_reveals_a_code_again_with_a_reason_journaled_and_logged(client_as, sold):
    client = client_as("site_manager")
    sale = sold.sale
    position = sale.lines.get(recharge_code__isnull=False).position
    page = page_of(client.get(sale.get_absolute_url()))
    assert "Afficher le code" in page
    refused = client.post(
        reverse("till:reveal_code", args=[sale.pk]), {"position": position, "reason": "x"}, follow=True
    )
    assert "Indiquez le motif" in refused.content.decode()
    page = page_of(
        client.post(reverse("till:reveal_code", args=[sale.pk]), {"position": position, "reason": "ticket perdu"})
    )
    assert f"Code de recharge : {sold.codes[0]}" in page
    event = JournalEvent.objects.get(kind="code_revealed")
    assert event.details == {"ticket": sale.ticket_number, "line": position, "reason": "ticket perdu"}
    assert AccessLog.objects.filter(object_type="inventory.rechargecode", reason="ticket perdu").exists()
    assert sold.codes[0] not in client.get(sale.get_absolute_url()).content.decode()


def test_a_mediator_cannot_reveal_a_code(client_as, sold):
    client = client_as("mediator")
    assert "Afficher le code" not in page_of(client.get(sold.sale.get_absolute_url()))
    response = client.post(reverse("till:reveal_code", args=[sold.sale.pk]), {"position": 2, "reason": "ticket perdu"})
    assert response.status_code == 404
    assert not JournalEvent.objects.filter(kind="code_revealed").exists()


def test_two_prints_never_share_a_copy_number(sold, mediator):
    first = receipts.record_print(sold.sale, mediator, "ticket")
    second = receipts.record_print(sold.sale, mediator, "pdf")
    assert (first.copy_number, second.copy_number) == (0, 1)
    assert first.codes and not second.codes


def test_the_print_page_is_for_80_mm_printers_without_inline_styles(client_as, sold):
    for page in (
        page_of(client_as("mediator").get(reverse("till:print", args=[sold.sale.pk]))),
        page_of(client_as("mediator").post(reverse("till:print", args=[sold.sale.pk]))),
    ):
        assert "till/receipt-print.css" in page
        assert "style=" not in page and "<style" not in page
        assert "<script>" not in page
