from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LANGUAGES, Device, Goal, Internet, answers_for, text_in
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
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=text_in(item.texts, language),
                choices=[(value.value, answer_text(value.value, language)) for value in answers_for(item.kind)],
                widget=forms.RadioSelect,
                required=False,
            )

    def answers(self):
        return {item.pk: self.cleaned_data.get(f"item_{item.pk}", "") for item in self.items}
