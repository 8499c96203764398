"""The person's "bilan de parcours" (printable PDF) and the easy-to-read page of their diagnostic.

Both are written for the person, in plain words (FALC), addressing them as « vous » throughout, in the language
recorded on the diagnostic (Assessment.language: fr, en or ar). Area names come from the questionnaire (written in
the three languages); the fixed sentences are the table TEXTS below, in the three languages (phrases.py says why
not the translation catalogues). Workshop titles and the national list of structures stay as the network wrote
them.

Arabic is drawn with fpdf2's text shaping (uharfbuzz, requirements/base.in): joined letters, a right-to-left
paragraph direction (the Unicode bidi algorithm, line by line), right-aligned; dates, times, addresses and phone
numbers put into an Arabic sentence are isolated (phrases.isolated) on the page and in the PDF alike. The DejaVu
Sans font bundled in tremplin/core/fonts covers the Arabic letters.
"""

from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tremplin.core.dates import display
from tremplin.core.models import AccessLog, log_access
from tremplin.core.pdf import Document
from tremplin.core.phones import national_format

from . import services
from .models import RTL_LANGUAGES, StepKind, StepState, text_in
from .pathway import pathway_of
from .phrases import in_language, isolated

# What "you can do" says for a level of the 0-3 scale (scoring.py); below 2 the area is to keep learning.
LEVEL_WORDS = {3: "can_do_alone", 2: "can_do_with_help"}

TEXTS = {
    "title": {
        "fr": _("Votre bilan de parcours numérique"),
        "en": "Your digital skills report",
        "ar": "حصيلة مسارك الرقمي",
    },
    "intro": {
        "fr": _("Bilan fait le %(date)s à %(site)s."),
        "en": "Report made on %(date)s at %(site)s.",
        "ar": "أُعدّت هذه الحصيلة يوم %(date)s في %(site)s.",
    },
    "progressed": {
        "fr": _("%(area)s : vous avez progressé."),
        "en": "%(area)s: you have made progress.",
        "ar": "%(area)s: لقد أحرزت تقدّمًا.",
    },
    # The sentence follows the level (LEVEL_WORDS): 3 is "without help", as the scale says; 2 "with a little help".
    "can_do_alone": {
        "fr": _("%(area)s : vous savez faire sans aide."),
        "en": "%(area)s: you can do it without help.",
        "ar": "%(area)s: تعرف كيف تفعل ذلك دون مساعدة.",
    },
    "can_do_with_help": {
        "fr": _("%(area)s : vous savez faire avec un peu d'aide."),
        "en": "%(area)s: you can do it with a little help.",
        "ar": "%(area)s: تعرف كيف تفعل ذلك مع قليل من المساعدة.",
    },
    "when_where": {
        "fr": _("%(step)s — le %(day)s à %(time)s, %(place)s"),
        "en": "%(step)s — on %(day)s at %(time)s, %(place)s",
        "ar": "%(step)s — يوم %(day)s على الساعة %(time)s، %(place)s",
    },
    "contact_heading": {"fr": _("Où nous trouver"), "en": "Where to find us", "ar": "أين تجدنا"},
    "phone": {"fr": _("Téléphone : %(phone)s"), "en": "Phone: %(phone)s", "ar": "الهاتف: %(phone)s"},
    "started": {
        "fr": _("Vous avez commencé. Chaque pas compte."),
        "en": "You have started. Every step counts.",
        "ar": "لقد بدأت. كل خطوة مهمّة.",
    },
    "keep_learning": {
        "fr": _("Continuer à apprendre : %(area)s."),
        "en": "Keep learning: %(area)s.",
        "ar": "واصل التعلّم: %(area)s.",
    },
    "come_back": {
        "fr": _("Vous pouvez revenir quand vous voulez. Nous sommes là pour vous aider."),
        "en": "You can come back whenever you want. We are here to help you.",
        "ar": "يمكنك العودة متى شئت. نحن هنا لمساعدتك.",
    },
    "scale": {
        "fr": _("Niveaux de 0 (pas encore) à 3 (vous savez faire sans aide)."),
        "en": "Levels from 0 (not yet) to 3 (you can do it without help).",
        "ar": "المستويات من 0 (ليس بعد) إلى 3 (تعرف كيف تفعل ذلك دون مساعدة).",
    },
    "know_heading": {"fr": _("Ce que vous savez faire"), "en": "What you can do", "ar": "ما تعرف فعله"},
    "done_heading": {"fr": _("Ce que vous avez fait"), "en": "What you have done", "ar": "ما قمت به"},
    "next_heading": {
        "fr": _("Ce que vous pouvez faire ensuite"),
        "en": "What you can do next",
        "ar": "ما يمكنك فعله بعد ذلك",
    },
    "levels_heading": {"fr": _("Vos niveaux"), "en": "Your levels", "ar": "مستوياتك"},
    "level": {"fr": _("%(area)s : %(level)s"), "en": "%(area)s: %(level)s", "ar": "%(area)s: %(level)s"},
    "level_change": {
        "fr": _("%(area)s : avant %(before)s, maintenant %(after)s"),
        "en": "%(area)s: before %(before)s, now %(after)s",
        "ar": "%(area)s: قبل %(before)s، الآن %(after)s",
    },
    "question": {
        "fr": _("Vous avez une question ? Demandez à votre médiateur ou à votre médiatrice."),
        "en": "Do you have a question? Ask your digital mediator.",
        "ar": "هل لديك سؤال؟ اسأل الوسيط الرقمي الذي يرافقك.",
    },
    # Pathway steps: their stored label is French (it names the step for the staff).
    StepKind.CONNECTIVITY: {
        "fr": _("Offre de connexion internet"),
        "en": "Internet connection offer",
        "ar": "عرض اتصال بالإنترنت",
    },
    StepKind.DEVICE: {"fr": _("Appareil : %(category)s"), "en": "Device: %(category)s", "ar": "جهاز: %(category)s"},
    StepKind.ORIENTATION: {
        "fr": _("Orientation : %(structure)s"),
        "en": "Referral to another service: %(structure)s",
        "ar": "توجيه إلى جهة أخرى: %(structure)s",
    },
    "laptop": {"fr": _("Ordinateur portable"), "en": "Laptop", "ar": "حاسوب محمول"},
    "smartphone": {"fr": _("Smartphone"), "en": "Smartphone", "ar": "هاتف ذكي"},
    "tablet": {"fr": _("Tablette"), "en": "Tablet", "ar": "جهاز لوحي"},
    "desktop": {"fr": _("Ordinateur fixe"), "en": "Desktop computer", "ar": "حاسوب مكتبي"},
}


def say(key, language, **values):
    """The sentence in the person's language; in a right-to-left one, each value put in is isolated."""
    if language in RTL_LANGUAGES:
        values = {name: isolated(value) for name, value in values.items()}
    return in_language(TEXTS[key], language, **values)


@dataclass
class Bilan:
    language: str
    title: str
    intro: str
    learned: list = field(default_factory=list)  # sentences
    next_steps: list = field(default_factory=list)
    levels: list = field(default_factory=list)  # [(area name, before or None, after or None)]
    done: list = field(default_factory=list)  # pathway steps done (labels)
    contact: list = field(default_factory=list)  # the site's name, address, phone: one line each
    footer: str = ""
    headings: dict = field(default_factory=dict)  # {"know", "done", "next", "levels", "contact", "question"}

    @property
    def rtl(self):
        return self.language in RTL_LANGUAGES


def step_label(step, language, area_names):
    """The step as the person reads it: the fixed words in their language, titles and structures as written."""
    if language == "fr":
        return step.label
    if step.kind == StepKind.CONNECTIVITY:
        return say(StepKind.CONNECTIVITY, language)
    if step.kind == StepKind.DEVICE and step.device_category in TEXTS:
        return say(StepKind.DEVICE, language, category=say(step.device_category, language))
    if step.kind == StepKind.ORIENTATION:
        structure = step.label.partition(" : ")[2] or step.label
        return say(StepKind.ORIENTATION, language, structure=structure)
    if step.kind in (StepKind.WORKSHOP, StepKind.COURSE) and step.area_code in area_names:
        title = step.label.rpartition(" — ")[0] or step.label
        if language in RTL_LANGUAGES:
            # The French title as an island inside the Arabic line: the line then starts (at the right) with it and
            # the area's name follows, instead of the title's left-to-right run swallowing the Arabic.
            title = isolated(title)
        return f"{title} — {area_names[step.area_code]}"
    return step.label


def place(site):
    return f"{site.name}, {site.address}, {site.postal_code} {site.commune}"


def next_session(step, now):
    """The upcoming session a step is about: its session, or its course's next one; None when none is left."""
    if step.kind == StepKind.WORKSHOP and step.session_id:
        session = step.session
        return session if session.status == "scheduled" and session.ends_at > now else None
    if step.kind == StepKind.COURSE and step.course_id:
        return (
            step.course.sessions.filter(status="scheduled", ends_at__gt=now)
            .select_related("site")
            .order_by("starts_at")
            .first()
        )
    return None


def with_when_where(text, step, language, now):
    """The step's line with the day, time (at the session's site, in its time zone) and place of its session."""
    session = next_session(step, now)
    if session is None:
        return text
    tz = session.site.tzinfo
    with translation.override(language):
        day, time = display(session.starts_at, "day_long", tz), display(session.starts_at, "hour", tz)
    return say("when_where", language, step=text, day=day, time=time, place=place(session.site))


def contact_lines(site, language):
    lines = [isolated(place(site)) if language in RTL_LANGUAGES else place(site)]
    if site.phone:
        lines.append(say("phone", language, phone=national_format(site.phone)))
    return lines


def build(assessment, now=None):
    """What the bilan says, from the diagnostic (the latest one, normally) and the one before it."""
    language = assessment.language or "fr"
    previous = services.previous_of(assessment)
    steps = pathway_of(assessment.beneficiary)
    areas = list(assessment.questionnaire.areas.all())
    area_names = {area.code: text_in(area.names, language) for area in areas}
    levels = [
        (
            area_names[area.code],
            previous.levels.get(area.code) if previous else None,
            assessment.levels.get(area.code),
        )
        for area in areas
    ]
    with translation.override(language):  # the date's month name in the person's language
        date = display(assessment.completed_at, "date_long")
    bilan = Bilan(
        language=language,
        title=say("title", language),
        intro=say("intro", language, date=date, site=assessment.site.name),
        levels=levels,
        footer=say("scale", language),
        headings={key: say(f"{key}_heading", language) for key in ("know", "done", "next", "levels", "contact")}
        | {"question": say("question", language)},
    )
    for name, before, after in levels:
        if after is None:
            continue
        if before is not None and after > before:
            bilan.learned.append(say("progressed", language, area=name))
        elif after in LEVEL_WORDS:
            bilan.learned.append(say(LEVEL_WORDS[after], language, area=name))
    if not bilan.learned:
        bilan.learned.append(say("started", language))
    bilan.done = _once([step_label(step, language, area_names) for step in steps if step.state == StepState.DONE])
    now = now or timezone.now()
    open_steps = [step for step in steps if step.state in (StepState.PROPOSED, StepState.IN_PROGRESS)]
    # An area with a workshop or course to come is already "kept learning": one line, not two saying the same.
    covered = {step.area_code for step in open_steps if step.kind in (StepKind.WORKSHOP, StepKind.COURSE)}
    next_steps = [with_when_where(step_label(step, language, area_names), step, language, now) for step in open_steps]
    for area in areas:
        after = assessment.levels.get(area.code)
        if after is not None and after <= 1 and area.code not in covered:
            next_steps.append(say("keep_learning", language, area=area_names[area.code]))
    bilan.next_steps = _once(next_steps) or [say("come_back", language)]
    bilan.contact = contact_lines(assessment.site, language)
    return bilan


def _once(lines):
    """The lines in order, each once (a step accepted again on a later diagnostic is one thing to do)."""
    return list(dict.fromkeys(lines))


def level_line(bilan, name, before, after):
    after_text = "—" if after is None else f"{after}/3"
    if before is None:
        return say("level", bilan.language, area=name, level=after_text)
    return say("level_change", bilan.language, area=name, before=f"{before}/3", after=after_text)


def pdf(bilan, person_name):
    """The bilan as an fpdf2 Document (A4), shaped for Arabic when the language is Arabic."""
    document = Document(title=bilan.title)
    document.set_lang(bilan.language)
    if bilan.rtl:
        # The paragraph's direction is given, not guessed from its first letter: fpdf2 then breaks the lines in
        # reading order and lays each one out right to left (a bullet first, at the right; the values isolated).
        document.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="ara")
    align = "R" if bilan.rtl else "L"
    document.add_page()
    width = document.epw

    def line(text, size=12, style="", gap=2):
        document.set_font("dejavu", style, size)
        document.multi_cell(width, None, text, align=align, new_x="LMARGIN", new_y="NEXT")
        document.ln(gap)

    line(bilan.title, 18, "B", 4)
    line(isolated(person_name) if bilan.rtl else person_name, 13, "B")
    line(bilan.intro, 11, "", 6)
    headings = [bilan.headings[key] for key in ("know", "done", "next")]
    for heading, rows in zip(headings, (bilan.learned, bilan.done, bilan.next_steps), strict=True):
        if not rows:
            continue
        line(heading, 14, "B")
        for row in rows:
            line(f"• {row}", 12, "", 1)
        document.ln(4)
    line(bilan.headings["levels"], 14, "B")
    for name, before, after in bilan.levels:
        line(level_line(bilan, name, before, after), 11, "", 1)
    document.ln(4)
    line(bilan.headings["contact"], 14, "B")
    for row in bilan.contact:
        line(row, 11, "", 1)
    document.ln(4)
    line(bilan.footer, 10)
    line(bilan.headings["question"], 10)
    return document


def print_bilan(actor, assessment):
    """The PDF of the bilan; printing it writes the access log (the person's record is read and printed)."""
    services._require_casework(actor, assessment.beneficiary)
    document = pdf(build(assessment), str(assessment.beneficiary))
    log_access(actor, assessment.beneficiary, AccessLog.Action.PRINT, reason=f"bilan de parcours:{assessment.pk}")
    return document
