"""Fixed sentences said to the person in the diagnostic's language: the kiosk screens, the bilan, the easy-read page.

Each sentence is {"fr": gettext_lazy(...), "en": "...", "ar": "..."}. French goes through gettext like the rest of
the interface. English and Arabic are written here, next to the sentence, as questionnaire content is (the items
and areas have their fr/en/ar texts): the staff interface has no Arabic catalogue (settings.LANGUAGES is French and
English), and what the person reads must not depend on how far the interface's translation has gone. gettext
with a context ("pgettext('bilan', …)") would need an Arabic catalogue the project does not have.
"""

from django.utils import translation

from tremplin.core.text import fill

from .models import Answer

FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def isolated(value):
    """The value as its own island of direction (Unicode FSI … PDI, the plain-text <bdi>): a date, a time, an
    address or a phone number put into a right-to-left sentence keeps its own order ("0262 12 34 56", not
    "56 34 12 0262") and its neighbours stay on their side. Browsers and fpdf2's bidi algorithm both honour it."""
    return f"{FIRST_STRONG_ISOLATE}{value}{POP_DIRECTIONAL_ISOLATE}"


def in_language(texts, language, **values):
    """The sentence in `language` (French when it has none), with `values` put in (French joins: core.text.fill)."""
    if language != "fr" and texts.get(language):
        text = texts[language]
    else:
        with translation.override("fr"):
            text = str(texts["fr"])
    return fill(text, **values) if values else text


# The answer choices as the person reads them, in every mode (the kiosk's buttons, the mediator's radio buttons when
# the questions are in another language): one place, French from the model's labels (the interface's catalogue).
ANSWERS = {
    Answer.ALONE: {"fr": Answer.ALONE.label, "en": "Succeeded on my own", "ar": "نجحت بمفردي"},
    Answer.WITH_HELP: {"fr": Answer.WITH_HELP.label, "en": "Succeeded with help", "ar": "نجحت بمساعدة"},
    Answer.FAILED: {"fr": Answer.FAILED.label, "en": "Did not succeed", "ar": "لم أنجح"},
    Answer.NOT_ASSESSED: {"fr": Answer.NOT_ASSESSED.label, "en": "Not assessed", "ar": "لم يُقيَّم"},
    Answer.YES_ALONE: {"fr": Answer.YES_ALONE.label, "en": "Yes, on my own", "ar": "نعم، بمفردي"},
    Answer.YES_HELP: {"fr": Answer.YES_HELP.label, "en": "With some help", "ar": "بمساعدة"},
    Answer.NO: {"fr": Answer.NO.label, "en": "No", "ar": "لا"},
    Answer.YES: {"fr": Answer.YES.label, "en": "Yes", "ar": "نعم"},
    Answer.DONT_KNOW: {"fr": Answer.DONT_KNOW.label, "en": "I don't know", "ar": "لا أعرف"},
}


def answer_text(value, language):
    """The answer choice `value` in the person's `language` (French when it has none)."""
    return in_language(ANSWERS[value], language)
