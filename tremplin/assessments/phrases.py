"""Fixed sentences said to the person in the diagnostic's language: the kiosk screens, the bilan, the easy-read page.

Each sentence is {"fr": gettext_lazy(...), "en": "...", "ar": "..."}. French goes through gettext like the rest of
the interface. English and Arabic are written here, next to the sentence, as questionnaire content is (the items
and areas have their fr/en/ar texts): the staff interface has no Arabic catalogue (settings.LANGUAGES is French and
English), and what the person reads must not depend on how far the interface's translation has gone. gettext
with a context ("pgettext('bilan', …)") would need an Arabic catalogue the project does not have.
"""

from django.utils import translation

from tremplin.core.text import fill


def in_language(texts, language, **values):
    """The sentence in `language` (French when it has none), with `values` put in (French joins: core.text.fill)."""
    if language != "fr" and texts.get(language):
        text = texts[language]
    else:
        with translation.override("fr"):
            text = str(texts["fr"])
    return fill(text, **values) if values else text
