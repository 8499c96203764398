"""The person's "bilan de parcours" (printable PDF) and the easy-to-read page of their diagnostic.

Both are written for the person, in plain words, in the language recorded on the diagnostic
(Assessment.language: fr, en or ar). Area names come from the questionnaire (written in the three
languages); the fixed sentences are gettext strings rendered with that language active, so they follow
the translation catalogues (French until the translators add the English and Arabic ones).

Arabic is drawn with fpdf2's text shaping (uharfbuzz, requirements/base.in): joined letters, right to
left, right-aligned. The DejaVu Sans font bundled in tremplin/core/fonts covers the Arabic letters.
"""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from tremplin.core.dates import display
from tremplin.core.models import AccessLog, log_access
from tremplin.core.pdf import Document

from . import services
from .models import StepState, text_in
from .pathway import pathway_of

RTL_LANGUAGES = {"ar"}


@dataclass
class Bilan:
    language: str
    title: str
    intro: str
    learned: list = field(default_factory=list)  # sentences
    next_steps: list = field(default_factory=list)
    levels: list = field(default_factory=list)  # [(area name, before or None, after or None)]
    done: list = field(default_factory=list)  # pathway steps done (labels)
    footer: str = ""

    @property
    def rtl(self):
        return self.language in RTL_LANGUAGES


def build(assessment):
    """What the bilan says, from the diagnostic (the latest one, normally) and the one before it."""
    language = assessment.language or "fr"
    previous = services.previous_of(assessment)
    steps = pathway_of(assessment.beneficiary)
    with translation.override(language):
        areas = list(assessment.questionnaire.areas.all())
        levels = [
            (
                text_in(area.names, language),
                previous.levels.get(area.code) if previous else None,
                assessment.levels.get(area.code),
            )
            for area in areas
        ]
        bilan = Bilan(
            language=language,
            title=_("Mon bilan de parcours numérique"),
            intro=_("Bilan fait le %(date)s à %(site)s.")
            % {"date": display(assessment.completed_at, "date_long"), "site": assessment.site.name},
        )
        bilan.levels = levels
        for name, before, after in levels:
            if after is None:
                continue
            if before is not None and after > before:
                bilan.learned.append(_("%(area)s : vous avez progressé.") % {"area": name})
            elif after >= 2:
                bilan.learned.append(_("%(area)s : vous savez faire.") % {"area": name})
        if not bilan.learned:
            bilan.learned.append(_("Vous avez commencé. Chaque pas compte."))
        bilan.done = [step.label for step in steps if step.state == StepState.DONE]
        for step in steps:
            if step.state in (StepState.PROPOSED, StepState.IN_PROGRESS):
                bilan.next_steps.append(step.label)
        for name, _before, after in levels:
            if after is not None and after <= 1:
                bilan.next_steps.append(_("Continuer à apprendre : %(area)s.") % {"area": name})
        if not bilan.next_steps:
            bilan.next_steps.append(_("Vous pouvez revenir quand vous voulez. Nous sommes là pour vous aider."))
        bilan.footer = _("Niveaux de 0 (pas encore) à 3 (je sais faire seul·e).")
    return bilan


def pdf(bilan, person_name):
    """The bilan as an fpdf2 Document (A4), shaped for Arabic when the language is Arabic."""
    document = Document(title=bilan.title)
    document.set_lang(bilan.language)
    if bilan.rtl:
        document.set_text_shaping(True)
    align = "R" if bilan.rtl else "L"
    document.add_page()
    width = document.epw

    def line(text, size=12, style="", gap=2):
        document.set_font("dejavu", style, size)
        document.multi_cell(width, None, text, align=align, new_x="LMARGIN", new_y="NEXT")
        document.ln(gap)

    line(bilan.title, 18, "B", 4)
    line(person_name, 13, "B")
    line(bilan.intro, 11, "", 6)
    with translation.override(bilan.language):
        headings = (_("Ce que j'ai appris"), _("Ce que j'ai fait"), _("Ce que je peux faire ensuite"), _("Mes niveaux"))
        before_after = (_("avant"), _("maintenant"))
    for heading, rows in zip(headings[:3], (bilan.learned, bilan.done, bilan.next_steps), strict=True):
        if not rows:
            continue
        line(heading, 14, "B")
        for row in rows:
            line(f"• {row}" if not bilan.rtl else f"{row} •", 12, "", 1)
        document.ln(4)
    line(headings[3], 14, "B")
    for name, before, after in bilan.levels:
        after_text = "—" if after is None else f"{after}/3"
        text = f"{name} : {after_text}"
        if before is not None:
            text = f"{name} : {before_after[0]} {before}/3, {before_after[1]} {after_text}"
        line(text, 11, "", 1)
    document.ln(4)
    line(bilan.footer, 10)
    return document


def print_bilan(actor, assessment):
    """The PDF of the bilan; printing it writes the access log (the person's record is read and printed)."""
    services._require_casework(actor, assessment.beneficiary)
    document = pdf(build(assessment), str(assessment.beneficiary))
    log_access(actor, assessment.beneficiary, AccessLog.Action.PRINT, reason=f"bilan de parcours:{assessment.pk}")
    return document
