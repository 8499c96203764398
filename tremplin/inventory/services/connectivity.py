"""Recharge-code stock: import by batch (all or nothing), stock levels, sale (reveal) exactly once."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.formfields import compact_identifier
from tremplin.core.models import AccessLog, log_access
from tremplin.core.tabular import UnreadableTable, read_table

from ..models import ConnectivityProduct, ProductStock, RechargeCode, StockMovement
from . import crypto

CODE_PATTERN = re.compile(r"^[0-9A-Z]{8,32}$")
MAX_CODES_PER_IMPORT = 5000


def normalise_code(raw):
    """A recharge code as printed on the operator's list ("1234 5678-9012") -> its stored form."""
    return compact_identifier(raw, upper=True)


def parse_codes(source):
    """Read codes from the first column of a file's rows (a header "code" is skipped). Returns (codes, errors).

    `source`: rows from core.tabular, or the text or bytes of a CSV or .xlsx file. Each error is
    (line number, masked code, message); the full code never appears in a message.
    """
    codes, errors, seen = [], [], {}
    try:
        rows = source if isinstance(source, list) else read_table(source)
    except UnreadableTable as error:  # the file is refused with a message, not a crash
        return [], [(error.line, "", error.reason)]
    for line, row in enumerate(rows, start=1):
        if not row or not "".join(row).strip():
            continue
        code = normalise_code(row[0])
        if line == 1 and code == "CODE":
            continue
        masked = "••••" + code[-4:]
        if not CODE_PATTERN.match(code):
            errors.append((line, masked, _("Un code compte 8 à 32 chiffres ou lettres.")))
        elif code in seen:
            errors.append((line, masked, _("Code en double dans le fichier (ligne %(line)s).") % {"line": seen[code]}))
        else:
            seen[code] = line
            codes.append((line, code))
    if len(codes) > MAX_CODES_PER_IMPORT:
        errors.append((0, "", _("Pas plus de %(max)s codes par import.") % {"max": MAX_CODES_PER_IMPORT}))
    digests = {crypto.digest(code): (line, code) for line, code in codes}
    existing = set(RechargeCode.objects.filter(code_digest__in=list(digests)).values_list("code_digest", flat=True))
    for value in existing:
        line, code = digests[value]
        errors.append((line, "••••" + code[-4:], _("Ce code a déjà été importé.")))
    errors.sort(key=lambda error: error[0])
    fresh = [code for value, (_line, code) in digests.items() if value not in existing]
    return fresh, errors


@transaction.atomic
def import_recharge_codes(actor, product, site, codes, batch_reference=""):
    """Store each code encrypted, with its last four characters in clear. All or nothing."""
    if product.kind != "recharge":
        raise ValidationError(_("Seules les recharges prépayées ont des codes."))
    RechargeCode.objects.bulk_create(
        RechargeCode(
            product=product,
            site=site,
            encrypted_code=crypto.encrypt(code),
            code_digest=crypto.digest(code),
            last4=code[-4:],
            batch_reference=batch_reference,
            imported_by=actor,
        )
        for code in codes
    )
    return len(codes)


@transaction.atomic
def reveal_code_for_sale(actor, code):
    """For the till: mark the code sold (once, whatever the concurrency) and return it in clear."""
    now = timezone.now()
    changed = RechargeCode.objects.filter(pk=code.pk, status=RechargeCode.Status.AVAILABLE).update(
        status=RechargeCode.Status.SOLD, sold_at=now, sold_by=actor
    )
    if changed != 1:
        raise ValidationError(_("Ce code de recharge a déjà été vendu."))
    log_access(actor, code, AccessLog.Action.EXPORT, reason="code de recharge révélé pour la vente")
    code.refresh_from_db()
    return crypto.decrypt(code.encrypted_code)


def claim_code_for_sale(actor, site, product, attempts=5):
    """For the till: sell the oldest available code of `product` at `site`; returns (code row, clear code).

    Two tills selling at once never get the same code: each claim is a conditional update, retried on
    the next code when another till took this one first.
    """
    for _attempt in range(attempts):
        code = RechargeCode.objects.available().filter(site=site, product=product).order_by("imported_at", "pk").first()
        if code is None:
            raise ValidationError(_("Plus aucun code disponible pour cette offre dans cet espace."))
        try:
            return code, reveal_code_for_sale(actor, code)
        except ValidationError:
            continue
    raise ValidationError(_("Trop de ventes simultanées : réessayez."))


def stock_levels(sites):
    """Rows (site, product, available count, low flag) for the active products at `sites`.

    Recharges are counted from their codes, SIM cards and boxes from their counted stock.
    """
    sites = list(sites)
    products = list(ConnectivityProduct.objects.filter(is_active=True).order_by("kind", "operator", "face_value"))
    counts = {
        (row["site_id"], row["product_id"]): row["n"]
        for row in RechargeCode.objects.filter(site__in=sites)
        .values("site_id", "product_id")
        .annotate(n=Count("pk", filter=Q(status=RechargeCode.Status.AVAILABLE)))
    }
    counts.update(
        {(stock.site_id, stock.product_id): stock.quantity for stock in ProductStock.objects.filter(site__in=sites)}
    )
    rows = []
    for site in sites:
        for product in products:
            available = counts.get((site.pk, product.pk), 0)
            rows.append(
                {
                    "site": site,
                    "product": product,
                    "available": available,
                    "low": available <= product.low_stock_threshold,
                }
            )
    return rows


@transaction.atomic
def adjust_stock(actor, site, product, delta, reason):
    """Add (delivery) or remove (sale, loss) counted units; the stock never goes below zero.

    The till calls it with delta=-1 when it sells a SIM card or lends a box.
    """
    if product.kind == "recharge":
        raise ValidationError(_("Les recharges se gèrent par codes, pas par quantité."))
    if delta == 0:
        raise ValidationError(_("Indiquez une quantité différente de zéro."))
    stock, _created = ProductStock.objects.get_or_create(site=site, product=product)
    changed = ProductStock.objects.filter(pk=stock.pk, quantity__gte=max(0, -delta)).update(
        quantity=F("quantity") + delta
    )
    if changed != 1:
        raise ValidationError(_("Stock insuffisant."))
    StockMovement.objects.create(stock=stock, delta=delta, reason=reason[:200], actor=actor)
    stock.refresh_from_db()
    return stock
