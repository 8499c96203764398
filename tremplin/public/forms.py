"""The public forms: where am I, which workshops, and "Être rappelé·e"."""

from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.core.formfields import search_text
from tremplin.core.phones import FrenchPhoneField
from tremplin.referrals.choices import Need
from tremplin.workshops.thematiques import thematique_choices

from . import antiabuse


class WhereForm(forms.Form):
    ou = forms.CharField(
        label=_("Votre code postal ou votre commune"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "search", "spellcheck": "false"}),
    )

    def clean_ou(self):
        return search_text(self.cleaned_data["ou"])


class WeekSelect(forms.Select):
    """The agenda's weeks: a week without any workshop (for the chosen site and theme) cannot be picked, unless it
    is the one shown (the list must say which week the page is about)."""

    empty_weeks = frozenset()

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value in self.empty_weeks and not selected:
            option["attrs"]["disabled"] = True
        return option


class AgendaForm(forms.Form):
    espace = forms.ChoiceField(label=_("Espace"), required=False)
    thematique = forms.ChoiceField(label=_("Thème"), required=False)
    semaine = forms.ChoiceField(label=_("Semaine"), required=False, widget=WeekSelect)

    def __init__(self, *args, sites, weeks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["espace"].choices = [("", _("Tous les espaces"))] + [
            (site.code.lower(), site.name) for site in sites
        ]
        self.fields["thematique"].choices = [("", _("Tous les thèmes")), *thematique_choices()]
        self.fields["semaine"].choices = [("", _("Toutes les semaines")), *weeks]

    @staticmethod
    def week_choices(today, count=8):
        """[("2026-11-30", "semaine du 30 novembre"), …] — Mondays from this week on."""
        from tremplin.core.dates import display

        monday = today - timedelta(days=today.weekday())
        return [
            (
                (monday + timedelta(weeks=n)).isoformat(),
                _("semaine du %(day)s") % {"day": display(monday + timedelta(weeks=n), "day_heading")},
            )
            for n in range(count)
        ]

    def mark_empty_weeks(self, weeks, empty):
        """Label the weeks of `empty` (Monday dates) « (aucun atelier) » and keep them from being picked
        (WeekSelect). The field still accepts them: an address naming an empty week gets the page that says so."""
        values = {monday.isoformat() for monday in empty}
        labelled = [
            (value, _("%(week)s (aucun atelier)") % {"week": label} if value in values else label)
            for value, label in weeks
        ]
        widget = self.fields["semaine"].widget
        widget.choices = [("", _("Toutes les semaines")), *labelled]
        widget.empty_weeks = frozenset(values)

    def week_start(self):
        value = self.cleaned_data.get("semaine") if self.is_valid() else ""
        return date.fromisoformat(value) if value else None


NEED_CHOICES = [(value, label) for value, label in Need.choices]


class CallbackForm(forms.Form):
    """A first name, a phone number, a need. Plus a honeypot and a signed timestamp (antiabuse.py)."""

    prenom = forms.CharField(
        label=_("Votre prénom"), max_length=60, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    telephone = FrenchPhoneField(
        label=_("Votre numéro de téléphone"),
        required=True,
        help_text=_("Par exemple 06 12 34 56 78. Les numéros d'outre-mer sont acceptés."),
    )
    besoin = forms.ChoiceField(label=_("De quoi avez-vous besoin ?"), choices=NEED_CHOICES, widget=forms.RadioSelect)
    precisions = forms.CharField(
        label=_("Vous pouvez préciser (pas obligatoire)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("300 caractères au plus. N'écrivez pas d'informations sur votre santé."),
    )
    # Honeypot: hidden from people and screen readers; robots fill every field.
    site_web = forms.CharField(label=_("Ne remplissez pas ce champ"), required=False)
    jeton = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site_web"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound:
            self.initial["jeton"] = antiabuse.form_stamp()

    def clean_prenom(self):
        value = self.cleaned_data["prenom"].strip()
        if not value:
            raise forms.ValidationError(_("Écrivez votre prénom."))
        return value

    @property
    def is_robot(self):
        return bool(self.data.get("site_web", "").strip())
