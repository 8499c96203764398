"""The A4 PDF of a receipt (fpdf2, core/pdf.py): the same content as the 80-mm print."""

from django.utils.translation import gettext as _

from tremplin.core.pdf import Document
from tremplin.core.text import siret_as_printed

from .templatetags.till import euros, masked_code

WIDTH = 180  # mm between the margins of an A4 page


def receipt_pdf(receipt):
    sale = receipt.sale
    settings = receipt.settings
    doc = Document(title=_("Ticket %(number)s") % {"number": sale.ticket_number})
    doc.set_margins(15, 15, 15)
    doc.add_page()

    def line(text, size=10, bold=False, align="L", height=5.5):
        doc.set_font("dejavu", "B" if bold else "", size)
        doc.multi_cell(WIDTH, height, text, align=align, new_x="LMARGIN", new_y="NEXT")

    if sale.training:
        line(_("FORMATION — ticket sans valeur"), size=16, bold=True, align="C", height=9)
    if receipt.is_duplicate:
        line(_("DUPLICATA n°%(copy)s") % {"copy": receipt.copy_number}, size=14, bold=True, align="C", height=8)
    line(settings.legal_name, size=13, bold=True)
    if settings.legal_address:
        line(settings.legal_address)
    if settings.legal_siret:
        line(_("SIRET %(siret)s") % {"siret": siret_as_printed(settings.legal_siret)})
    site = sale.register.site
    line(f"{site.name} — {site.address}, {site.postal_code} {site.commune}")
    doc.ln(3)
    title = _("Retour / correction") if sale.kind == "return" else _("Ticket")
    line(f"{title} {sale.ticket_number}", size=12, bold=True)
    line(
        _("Caisse %(register)s — %(date)s à %(time)s — servi par %(cashier)s")
        % {
            "register": sale.register.full_code,
            "date": receipt.local_time.strftime("%d/%m/%Y"),
            "time": receipt.local_time.strftime("%H:%M"),
            "cashier": sale.cashier_name or "—",
        }
    )
    if sale.original_sale_id:
        line(_("Ticket d'origine : %(number)s") % {"number": sale.original_sale.ticket_number})
    doc.ln(3)

    widths = (90, 15, 25, 25, 25)
    doc.set_font("dejavu", "B", 9)
    for width, head in zip(
        widths, (_("Article"), _("Qté"), _("Prix unitaire"), _("Prix de référence"), _("Total")), strict=True
    ):
        doc.cell(width, 7, head, border="B", align="L" if width == 90 else "R")
    doc.ln()
    doc.set_font("dejavu", "", 9)
    for item in receipt.lines:
        doc.cell(widths[0], 6, item.label[:60])
        doc.cell(widths[1], 6, str(item.quantity), align="R")
        doc.cell(widths[2], 6, euros(item.unit_price_cents), align="R")
        doc.cell(widths[3], 6, euros(item.market_price_cents), align="R")
        doc.cell(widths[4], 6, euros(item.total_cents), align="R")
        doc.ln()
        details = [item.reference] if item.device_id else []
        if item.warranty_until:
            details.append(_("garantie jusqu'au %(date)s") % {"date": item.warranty_until.strftime("%d/%m/%Y")})
        if item.recharge_code_id and item.quantity > 0:
            code = receipt.codes.get(item.position) or masked_code(item.recharge_code.last4)
            details.append(_("code de recharge : %(code)s") % {"code": code})
        if item.defective_code:
            details.append(_("code défectueux"))
        if details:
            doc.set_font("dejavu", "", 8)
            doc.cell(WIDTH, 5, "   " + " — ".join(details))
            doc.ln()
            doc.set_font("dejavu", "", 9)
    doc.ln(2)
    line(_("Total : %(total)s") % {"total": euros(sale.total_cents)}, size=12, bold=True, align="R")
    if sale.saving_cents > 0:
        line(
            _("Prix de référence : %(market)s — vous économisez %(saving)s")
            % {"market": euros(sale.market_total_cents), "saving": euros(sale.saving_cents)},
            align="R",
        )
    if receipt.vat_exempt:
        line(_("TVA non applicable, art. 293 B du CGI"), size=9)
    for row in receipt.vat_rows:
        line(
            _("TVA %(rate)s %% : %(vat)s (HT %(ht)s, TTC %(ttc)s)")
            % {
                "rate": f"{row['rate']:g}".replace(".", ","),
                "vat": euros(row["vat"]),
                "ht": euros(row["ht"]),
                "ttc": euros(row["ttc"]),
            },
            size=9,
        )
    doc.ln(2)
    for payment in receipt.payments:
        label = payment.get_method_display()
        if payment.partner_name:
            label = f"{label} ({payment.partner_name})"
        if payment.tendered_cents:
            label += " — " + _("remis %(tendered)s") % {"tendered": euros(payment.tendered_cents)}
        line(f"{label} : {euros(payment.amount_cents)}")
    if receipt.change_cents:
        line(_("Monnaie rendue : %(change)s") % {"change": euros(receipt.change_cents)}, bold=True)
    doc.ln(4)
    line(_("Empreinte du journal : %(hash)s") % {"hash": receipt.hash_prefix}, size=8)
    return doc
