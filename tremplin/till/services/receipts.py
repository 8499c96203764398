"""Receipts: what a ticket prints, its copies (original, then "DUPLICATA n°k"), and recharge codes.

Recharge codes in clear (the rule, and why):
- `finalise.cash_in()` returns the clear codes once; the view renders them in the response to "Encaisser"
  (no redirect, nothing put in the session or the database), so a reload shows the ticket without them.
- The original print (copy 0, made once) decrypts the codes of its ticket from the encrypted stock, prints
  them, and logs the access; every later copy is a duplicate and shows the last four characters only.
- A site manager may reveal a code again with a reason: journaled (JET CODE_REVEALED) and logged.
Clear codes are never written anywhere: not in the ticket, the journal, the session nor the logs.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.models import AccessLog, log_access
from tremplin.inventory.services import crypto

from ..models import EventKind, ReceiptPrint, Sale, TillSettings
from . import chain
from .baskets import may_override
from .sessions import site_timezone, vat_included

HASH_PREFIX = 12
PRINT_FORMATS = ("ticket", "pdf")
DOUBLE_CLICK_SECONDS = 10  # a second press of the same print button within this delay is the same print


@dataclass
class Receipt:
    sale: Sale
    settings: TillSettings
    copy_number: int | None  # None: a screen view, not a print
    local_time: object
    lines: list
    payments: list
    vat_rows: list
    codes: dict = field(default_factory=dict)  # {line position: clear code} — the original only

    @property
    def is_duplicate(self):
        return bool(self.copy_number)

    @property
    def hash_prefix(self):
        return self.sale.hash[:HASH_PREFIX]

    @property
    def change_cents(self):
        return sum(payment.change_cents for payment in self.payments)

    @property
    def vat_exempt(self):
        return not self.settings.vat_liable


def build_receipt(sale, copy_number=None, codes=None):
    """Everything a receipt shows, in the site's time zone."""
    sale = Sale.objects.select_related("register__site", "original_sale__register__site").get(pk=sale.pk)
    lines = list(sale.lines.select_related("recharge_code").order_by("position"))
    by_rate = defaultdict(int)
    for line in lines:
        by_rate[line.vat_rate_bp] += line.total_cents
    vat_rows = [
        {"rate": rate / 100, "ttc": ttc, "vat": vat_included(ttc, rate), "ht": ttc - vat_included(ttc, rate)}
        for rate, ttc in sorted(by_rate.items())
        if rate
    ]
    return Receipt(
        sale=sale,
        settings=TillSettings.current(),
        copy_number=copy_number,
        local_time=timezone.localtime(sale.finalised_at, site_timezone(sale.register.site)),
        lines=lines,
        payments=list(sale.payments.order_by("position")),
        vat_rows=vat_rows,
        codes=codes or {},
    )


def next_copy(sale, fmt):
    """Copy 0 is the original (a print); every other copy is a duplicate. E-mails never take the original."""
    used = ReceiptPrint.objects.filter(sale=sale)
    if fmt in PRINT_FORMATS and not used.filter(copy_number=0).exists():
        return 0
    highest = used.aggregate(highest=Max("copy_number"))["highest"]
    return max(1, (highest or 0) + 1)


def _same_click(sale, actor, fmt, expected_copy):
    """The copy the user asked for was made by this very user, same format, seconds ago: a double click.

    The button carries the copy number the page announced (`expected_copy`); when that copy already exists
    and was just made by the same person in the same format, the second request is the same print, not a
    new one (the browser shows only the last response, so it must get the same copy, codes included).
    Anything else — another person, another format, an older page — is a new copy.
    """
    if expected_copy is None:
        return False
    since = timezone.now() - timedelta(seconds=DOUBLE_CLICK_SECONDS)
    return ReceiptPrint.objects.filter(
        sale=sale, copy_number=expected_copy, printed_by=actor, fmt=fmt, printed_at__gte=since
    ).exists()


@transaction.atomic
def record_print(sale, actor, fmt, expected_copy=None):
    """Count one copy of the ticket; returns the Receipt to print (codes in clear on the original only).

    Only an explicit print counts (the print button, a PDF download, an e-mail): showing the ticket or its
    80-mm preview does not. The ticket row is locked so that two prints at once never take the same copy
    number, and a double click on the same button makes one copy (`_same_click`). Duplicates are journaled
    (JET REPRINT): how many copies of a ticket were made is part of what an inspector checks.
    """
    Sale.objects.select_for_update().filter(pk=sale.pk).first()
    if _same_click(sale, actor, fmt, expected_copy):
        codes = _decrypt_codes(sale, actor, _("original du ticket")) if expected_copy == 0 else {}
        return build_receipt(sale, expected_copy, codes)
    copy_number = next_copy(sale, fmt)
    ReceiptPrint.objects.create(sale=sale, copy_number=copy_number, printed_by=actor, fmt=fmt)
    codes = {}
    if copy_number == 0:
        codes = _decrypt_codes(sale, actor, _("original du ticket"))
    else:
        chain.record_event(
            EventKind.REPRINT,
            actor,
            sale.register,
            {"ticket": sale.ticket_number, "copy": copy_number, "format": fmt},
        )
    return build_receipt(sale, copy_number, codes)


def _decrypt_codes(sale, actor, reason):
    codes = {}
    for line in sale.lines.filter(recharge_code__isnull=False).select_related("recharge_code"):
        if line.quantity <= 0:
            continue
        codes[line.position] = crypto.decrypt(line.recharge_code.encrypted_code)
        log_access(actor, line.recharge_code, AccessLog.Action.PRINT, reason=reason)
    return codes


@transaction.atomic
def reveal_code(sale, position, actor, reason):
    """A site manager shows a sold recharge code again (the person lost the ticket), with a reason."""
    if not may_override(actor, sale.register):
        raise ValidationError(_("Seul·e un·e responsable d'espace peut afficher de nouveau un code."))
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError(_("Indiquez le motif (5 caractères au moins)."))
    line = sale.lines.filter(position=position, recharge_code__isnull=False).select_related("recharge_code").first()
    if line is None:
        raise ValidationError(_("Cette ligne ne porte pas de code de recharge."))
    chain.record_event(
        EventKind.CODE_REVEALED,
        actor,
        sale.register,
        {"ticket": sale.ticket_number, "line": position, "reason": reason[:200]},
    )
    log_access(actor, line.recharge_code, AccessLog.Action.VIEW, reason=reason)
    return crypto.decrypt(line.recharge_code.encrypted_code)


def send_receipt(sale, actor, email, expected_copy=None):
    """E-mail the receipt as a PDF (a counted copy; codes masked). The subject carries no personal data.

    A double click sends one e-mail: the second press finds its copy already made and sends nothing.
    """
    from tremplin.ops.jobs import send_email_later

    from ..receipt_pdf import receipt_pdf

    with transaction.atomic():
        Sale.objects.select_for_update().filter(pk=sale.pk).first()
        if _same_click(sale, actor, "email", expected_copy):
            return build_receipt(sale, expected_copy)
        receipt = record_print(sale, actor, "email")
        message = EmailMessage(
            _("Votre ticket de caisse %(number)s") % {"number": sale.ticket_number},
            _("Bonjour,\n\nVous trouverez ci-joint votre ticket de caisse.\n\n%(name)s\n")
            % {"name": receipt.settings.legal_name},
            None,
            [email],
        )
        message.attach(f"ticket-{sale.ticket_number}.pdf", bytes(receipt_pdf(receipt).output()), "application/pdf")
        send_email_later(message)  # sent by the background worker once the receipt is recorded
    return receipt
