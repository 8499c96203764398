"""What the voucher says, in plain easy-to-read French, for the HTML page and the PDF.

The voucher carries no personal data: the code, the site and practical information only, so a lost
voucher reveals nothing about the person.
"""

import segno
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from tremplin.core.dates import with_first_of_month
from tremplin.core.links import absolute_url
from tremplin.core.pdf import Document, qr_png
from tremplin.network.opening_hours_display import weekly_schedule

from .choices import Need


def scan_url(referral):
    """What the QR code holds: the staff search page for this code (no personal data)."""
    path = reverse("referrals:find_by_code") + f"?code={referral.voucher_code}"
    return absolute_url(path)


def map_url(site):
    if site.latitude is None or site.longitude is None:
        return ""
    return f"https://www.openstreetmap.org/?mlat={site.latitude}&mlon={site.longitude}#map=18/{site.latitude}/{site.longitude}"


def what_to_bring(referral):
    items = [
        _("Ce bon, sur papier ou en photo sur votre téléphone."),
        _("Une pièce d'identité, si vous en avez une."),
        _("Votre téléphone, si vous en avez un."),
    ]
    if Need.PROCEDURE in referral.needs:
        items.append(
            _("Les papiers de votre démarche et vos identifiants (adresse e-mail, mot de passe) si vous les avez.")
        )
    if Need.EQUIPMENT in referral.needs or Need.CONNECTIVITY in referral.needs:
        items.append(_("Un moyen de paiement : le matériel et les forfaits sont vendus à prix solidaire."))
    return items


def voucher_context(referral):
    site = referral.target_site
    return {
        "referral": referral,
        "site": site,
        "schedule": weekly_schedule(site.opening_hours),
        "map_url": map_url(site),
        "what_to_bring": what_to_bring(referral),
        "qr_data_uri": segno.make(scan_url(referral), error="m").svg_data_uri(scale=5, border=2),
        "valid_until": referral.valid_until,
    }


def build_voucher(referral):
    context = voucher_context(referral)
    site = context["site"]
    pdf = Document(title=_("Bon d'orientation %(code)s") % {"code": referral.display_code})
    pdf.add_page()
    width = pdf.epw

    def heading(text, size=16):
        pdf.ln(3)
        pdf.set_font("dejavu", "B", size)
        pdf.multi_cell(width, 8, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("dejavu", "", 13)

    def line(text):
        pdf.multi_cell(width, 7, text, new_x="LMARGIN", new_y="NEXT")

    # The QR code sits in the top-right corner beside the title and the code, which are kept narrower than the
    # page; the text below starts under the QR code, never beside or behind it.
    qr_size, qr_top = 40, pdf.get_y()
    pdf.image(qr_png(scan_url(referral), scale=5), x=pdf.l_margin + width - qr_size, y=qr_top, w=qr_size)
    beside_qr = width - qr_size - 8
    pdf.set_font("dejavu", "B", 24)
    pdf.multi_cell(beside_qr, 11, _("Bon d'orientation"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dejavu", "", 13)
    pdf.multi_cell(beside_qr, 7, _("Votre code :"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dejavu", "B", 30)
    pdf.multi_cell(beside_qr, 14, referral.display_code, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dejavu", "", 13)
    pdf.set_y(max(pdf.get_y(), qr_top + qr_size) + 4)
    line(_("Bonjour. Une personne qui vous accompagne vous envoie dans un espace de solidarité numérique."))
    line(_("Là-bas, on vous aide avec le numérique."))
    line(_("Montrez ce bon à l'accueil."))

    heading(_("Où aller"))
    pdf.set_font("dejavu", "B", 13)
    line(site.name)
    pdf.set_font("dejavu", "", 13)
    line(site.address)
    line(f"{site.postal_code} {site.commune}")
    if site.directions:
        line(_("Comment venir : %(directions)s") % {"directions": site.directions})
    if site.phone:
        line(_("Téléphone : %(phone)s") % {"phone": site.phone.as_national})
    if site.accessibility_notes:
        line(_("Accès : %(notes)s") % {"notes": site.accessibility_notes})
    if context["map_url"]:
        # A web address would be cut mid-number at the margin and cannot be typed anyway: a second QR code.
        map_size = 28
        if pdf.will_page_break(map_size + 2):
            pdf.add_page()
        top = pdf.get_y() + 1
        pdf.image(qr_png(context["map_url"], scale=4), x=pdf.l_margin, y=top, w=map_size)
        pdf.set_xy(pdf.l_margin + map_size + 4, top + 8)
        pdf.multi_cell(width - map_size - 4, 7, _("Plan : scannez ce code pour voir l'espace sur une carte."))
        pdf.set_y(top + map_size + 1)

    heading(_("Quand venir"))
    if context["schedule"]:
        for day, slots in context["schedule"]:
            line(f"{day} : {', '.join(slots) if slots else _('fermé')}")
    else:
        line(_("Appelez l'espace pour connaître les horaires."))

    heading(_("Ce qu'il faut apporter"))
    for item in context["what_to_bring"]:
        line(f"• {item}")

    pdf.ln(4)
    line(
        _("Venez avant le %(date)s. Après cette date, demandez un nouveau bon.")
        % {"date": formats.date_format(context["valid_until"], with_first_of_month("j F Y", context["valid_until"]))}
    )
    return pdf
