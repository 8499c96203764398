"""PDF documents of the inventory room: label sheets and erasure certificates (fpdf2, see core.pdf)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.pdf import Document, qr_png
from tremplin.core.text import fill

# A4 sheet of 3 × 8 labels, 70 × 37 mm (a common label stock).
LABEL_COLUMNS, LABEL_ROWS, LABEL_W, LABEL_H = 3, 8, 70, 37


def label_sheet(devices):
    document = Document(title=_("Étiquettes de matériel"))
    document.set_margin(0)
    document.set_auto_page_break(False)
    per_page = LABEL_COLUMNS * LABEL_ROWS
    for index, device in enumerate(devices):
        if index % per_page == 0:
            document.add_page()
        slot = index % per_page
        x = (slot % LABEL_COLUMNS) * LABEL_W
        y = 0.5 + (slot // LABEL_COLUMNS) * LABEL_H
        document.image(qr_png(device.asset_tag, scale=4), x=x + 3, y=y + 4, w=28, h=28)
        document.set_xy(x + 32, y + 6)
        size = 9.0
        document.set_font("dejavu", "B", size)
        while document.get_string_width(device.asset_tag) > 34 and size > 6:  # keep the tag on one line
            size -= 0.5
            document.set_font("dejavu", "B", size)
        document.cell(37, 4.5, device.asset_tag, new_x="LEFT", new_y="NEXT")
        document.set_x(x + 32)
        document.set_font("dejavu", "", 7.5)
        document.multi_cell(36, 3.8, f"{device.brand} {device.model_name}"[:60])
        document.set_x(x + 32)
        document.multi_cell(36, 3.8, device.serial_number or device.imei)
    if not devices:
        document.add_page()
        document.set_xy(15, 15)
        document.cell(0, 10, _("Aucun appareil à étiqueter."))
    return document


def erasure_certificate(batch, devices):
    """One certificate per donation batch, for the donor: which device was erased, how, and by whom."""
    document = Document(title=_("Certificat d'effacement des données"))
    document.add_page()
    document.set_font("dejavu", "B", 16)
    document.multi_cell(0, 9, _("Certificat d'effacement des données"), new_x="LMARGIN", new_y="NEXT")
    document.set_font("dejavu", "", 10)
    document.ln(2)
    lines = [
        _("Donateur : %(name)s") % {"name": batch.donor.name},
        fill(
            _("Lot : %(ref)s, reçu le %(date)s à %(site)s"),
            ref=batch.reference or f"#{batch.pk}",
            date=batch.received_on.strftime("%d/%m/%Y"),
            site=batch.site.name,
        ),
        _("Établi le %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")},
    ]
    for line in lines:
        document.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    document.ln(4)
    widths = (38, 42, 34, 40, 22, 14)
    headers = (
        _("N° d'inventaire"),
        _("Appareil / n° de série"),
        _("Méthode"),
        _("Outil, opérateur·rice"),
        _("Date"),
        _("Vérifié"),
    )
    document.set_font("dejavu", "B", 8)
    with document.table(col_widths=widths, text_align="LEFT", line_height=4.5) as table:
        row = table.row()
        for header in headers:
            row.cell(header)
        document.set_font("dejavu", "", 8)
        for device in devices:
            erasure = getattr(device, "erasure", None)
            row = table.row()
            row.cell(device.asset_tag)
            row.cell(f"{device.brand} {device.model_name}\n{device.serial_number or device.imei}")
            if erasure is None:
                gone = device.status in ("parts", "recycled")
                row.cell(_("Non remis en circulation (pièces ou recyclage)") if gone else _("Effacement à venir"))
                row.cell("")
                row.cell("")
                row.cell("")
            else:
                row.cell(erasure.get_method_display())
                row.cell(f"{erasure.tool}\n{erasure.operator.get_full_name()}")
                row.cell(erasure.performed_on.strftime("%d/%m/%Y"))
                row.cell(_("oui") if erasure.verified else _("NON"))
    document.ln(6)
    document.set_font("dejavu", "", 9)
    document.multi_cell(
        0,
        5,
        _(
            "Les supports de stockage des appareils listés ont été effacés selon la méthode indiquée, puis "
            "l'effacement a été vérifié. Les appareils non effacés n'ont pas été remis en circulation : ils "
            "ont été démontés pour pièces ou confiés à une filière de recyclage des DEEE."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return document
