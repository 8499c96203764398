"""Forms of the questionnaire editor (national team): version title, area, item. French required, others optional."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.workshops.thematiques import thematique_choices

from .crcn import competences
from .models import ItemKind

LANGUAGE_LABELS = {"fr": _("en français"), "en": _("en anglais"), "ar": _("en arabe")}


class VersionForm(forms.Form):
    title = forms.CharField(label=_("Titre de la version"), max_length=120)


def _text_fields(form, prefix, label, widget=None):
    for code in ("fr", "en", "ar"):
        form.fields[f"{prefix}_{code}"] = forms.CharField(
            label=f"{label} {LANGUAGE_LABELS[code]}",
            required=code == "fr",
            max_length=300,
            widget=widget() if widget else None,
            help_text=None if code == "fr" else _("Facultatif : à défaut, le texte français s'affiche."),
        )
        if code == "ar":
            form.fields[f"{prefix}_{code}"].widget.attrs.update({"dir": "rtl", "lang": "ar"})
        elif code == "en":
            form.fields[f"{prefix}_{code}"].widget.attrs.update({"lang": "en"})


def _texts(cleaned, prefix):
    return {code: cleaned.get(f"{prefix}_{code}", "") for code in ("fr", "en", "ar")}


class AreaForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Lettres minuscules, chiffres et tirets ; gardez le même code d'une version à l'autre."),
    )
    order = forms.IntegerField(label=_("Ordre"), min_value=1, max_value=999, initial=1)
    crcn_codes = forms.MultipleChoiceField(
        label=_("Compétences du CRCN"), widget=forms.CheckboxSelectMultiple, error_messages={}
    )
    thematiques = forms.MultipleChoiceField(
        label=_("Thématiques des ateliers qui y répondent"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _text_fields(self, "name", _("Nom"))
        self.fields["crcn_codes"].choices = [(code, f"{code} {label}") for code, label in competences().items()]
        self.fields["crcn_codes"].error_messages.update(
            required=_("Cochez au moins une compétence du CRCN."),
            invalid_choice=_("Compétence CRCN inconnue : %(value)s."),
        )
        self.fields["thematiques"].choices = thematique_choices()
        self.order_fields(["code", "name_fr", "name_en", "name_ar", "order", "crcn_codes", "thematiques"])

    @classmethod
    def initial_for(cls, area):
        initial = {"code": area.code, "order": area.order, "crcn_codes": area.crcn_codes}
        initial["thematiques"] = area.thematiques
        initial.update({f"name_{code}": text for code, text in area.names.items()})
        return initial

    def values(self):
        data = self.cleaned_data
        return {
            "code": data["code"],
            "order": data["order"],
            "names": _texts(data, "name"),
            "crcn_codes": data["crcn_codes"],
            "thematiques": data["thematiques"],
        }


class ItemForm(forms.Form):
    area = forms.TypedChoiceField(label=_("Domaine"), coerce=int)
    kind = forms.ChoiceField(
        label=_("Type de question"),
        choices=ItemKind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Mise en situation : le médiateur observe la tâche. Auto-évaluation : la personne répond. "
            "Question de contexte : oui / non, non notée. Au kiosque, seules les deux dernières sont posées."
        ),
    )
    order = forms.IntegerField(label=_("Ordre dans le domaine"), min_value=1, max_value=999, initial=1)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = {area.pk: area for area in areas}
        self.fields["area"].choices = [(area.pk, area.names.get("fr") or area.code) for area in areas]
        _text_fields(self, "text", _("Texte"), widget=lambda: forms.Textarea(attrs={"rows": 2}))
        self.order_fields(["area", "kind", "text_fr", "text_en", "text_ar", "order"])

    @classmethod
    def initial_for(cls, item):
        initial = {"area": item.area_id, "kind": item.kind, "order": item.order}
        initial.update({f"text_{code}": text for code, text in item.texts.items()})
        return initial

    def values(self):
        data = self.cleaned_data
        return {
            "area": self.areas[data["area"]],
            "kind": data["kind"],
            "order": data["order"],
            "texts": _texts(data, "text"),
        }
