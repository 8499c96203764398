from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import LANGUAGES, RTL_LANGUAGES, Device, Goal, Internet, ItemKind, answers_for
from .phrases import answer_text


class StartForm(forms.Form):
    language = forms.ChoiceField(label=_("Langue des questions"), choices=LANGUAGES, initial="fr")


class ContextForm(forms.Form):
    devices = forms.MultipleChoiceField(
        label=_("Quels appareils la personne a-t-elle ?"),
        choices=Device.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    internet = forms.ChoiceField(
        label=_("Internet à la maison"), choices=Internet.choices, widget=forms.RadioSelect, required=False
    )
    email_access = forms.TypedChoiceField(
        label=_("A-t-elle une adresse e-mail qu'elle sait ouvrir ?"),
        choices=[("yes", _("Oui")), ("no", _("Non"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
    )
    goals = forms.MultipleChoiceField(
        label=_("Ce qu'elle veut pouvoir faire"),
        choices=Goal.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class AreaForm(forms.Form):
    """One radio group per item of the area: the question and its answer choices in the diagnostic's language.

    The person reads them over the mediator's shoulder, so the choices come from phrases.ANSWERS, as on the kiosk.
    No label suffix: the interface's « : » is French punctuation, and a question carries its own (« ? », « ؟ »)."""

    def __init__(self, *args, items, language, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            # The question is in the person's language (right to left in Arabic). A self-assessment's answers are
            # read and picked by the person: in their language too (phrases.ANSWERS, as in the kiosk); an
            # observed task's scale is the mediator's, who notes it: in the interface language.
            text = item.texts.get(language) or item.texts["fr"]
            shown_in = language if item.texts.get(language) else "fr"
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=format_html(
                    '<span lang="{}" dir="{}">{}</span>', shown_in, "rtl" if shown_in in RTL_LANGUAGES else "ltr", text
                ),
                choices=[
                    (value.value, value.label if item.kind == ItemKind.OBSERVED else _marked(value.value, language))
                    for value in answers_for(item.kind)
                ],
                widget=forms.RadioSelect,
                required=False,
            )

    def answers(self):
        return {item.pk: self.cleaned_data.get(f"item_{item.pk}", "") for item in self.items}


def _marked(value, language):
    """A self-assessment answer in the person's language, marked with it (a screen reader then reads Arabic
    with an Arabic voice, right to left)."""
    return format_html(
        '<span lang="{}" dir="{}">{}</span>',
        language,
        "rtl" if language in RTL_LANGUAGES else "ltr",
        answer_text(value, language),
    )
