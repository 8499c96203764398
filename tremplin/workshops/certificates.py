"""Attendance certificates as PDF (attestation de présence, attestation de fin de parcours)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.core.dates import display
from tremplin.core.pdf import Document
from tremplin.core.text import fill
from tremplin.network.timezones import site_localtime, site_timezone, site_today


def _local(value, site):
    """Dates and times are printed as they were at the site (its own time zone)."""
    return display(value, "date_long", tz=site_timezone(site))


def _document(title, site, signer, paragraphs, detail_lines):
    doc = Document(title=title)
    doc.add_page()
    doc.set_font("dejavu", "B", 18)
    doc.multi_cell(0, 10, title, new_x="LMARGIN", new_y="NEXT", align="C")
    doc.ln(4)
    doc.set_font("dejavu", "", 11)
    doc.multi_cell(
        0, 6, f"{site.name}\n{site.address}\n{site.postal_code} {site.commune}", new_x="LMARGIN", new_y="NEXT"
    )
    doc.ln(8)
    for paragraph in paragraphs:
        doc.multi_cell(0, 7, paragraph, new_x="LMARGIN", new_y="NEXT")
        doc.ln(3)
    doc.set_font("dejavu", "", 10)
    for line in detail_lines:
        doc.multi_cell(0, 6, f"• {line}", new_x="LMARGIN", new_y="NEXT")
    doc.ln(10)
    doc.set_font("dejavu", "", 11)
    today = display(site_today(site), "date_long")
    doc.multi_cell(
        0,
        7,
        fill(_("Fait à %(commune)s, le %(date)s."), commune=site.commune, date=today),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.multi_cell(
        0, 7, _("Pour l'espace : %(name)s") % {"name": signer.full_name or signer.email}, new_x="LMARGIN", new_y="NEXT"
    )
    return doc


def presence_certificate(enrollment, signer):
    session = enrollment.session
    workshop = session.workshop
    person = enrollment.beneficiary
    paragraph = fill(
        _(
            "L'espace %(site)s atteste que %(name)s a participé à l'atelier « %(title)s » le %(date)s, "
            "de %(start)s à %(end)s."
        ),
        site=session.site.name,
        name=person,
        title=workshop.title,
        date=_local(session.starts_at, session.site),
        start=f"{site_localtime(session.starts_at, session.site):%H:%M}",
        end=f"{site_localtime(session.ends_at, session.site):%H:%M}",
    )
    details = [_("Niveau : %(level)s") % {"level": workshop.get_level_display()}]
    if workshop.thematique_labels:
        details.append(_("Thématiques : %(list)s") % {"list": ", ".join(workshop.thematique_labels)})
    return _document(_("Attestation de présence"), session.site, signer, [paragraph], details)


def course_certificate(course, beneficiary, attended, signer):
    """`attended` is the list of sessions the person was present at, in order."""
    total = course.sessions.filter(status="scheduled").count()
    paragraph = fill(
        ngettext(
            "L'espace %(site)s atteste que %(name)s a suivi le parcours « %(title)s » et a été présent·e à "
            "%(count)s séance sur %(total)s.",
            "L'espace %(site)s atteste que %(name)s a suivi le parcours « %(title)s » et a été présent·e à "
            "%(count)s séances sur %(total)s.",
            len(attended),
        ),
        site=course.site.name,
        name=beneficiary,
        title=course.workshop.title,
        count=len(attended),
        total=total,
    )
    details = [
        _("Séance du %(date)s (%(minutes)s min)")
        % {"date": _local(s.starts_at, course.site), "minutes": int(s.duration.total_seconds() // 60)}
        for s in attended
    ]
    return _document(_("Attestation de fin de parcours"), course.site, signer, [paragraph], details)
