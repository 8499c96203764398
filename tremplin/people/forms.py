"""Forms of the people room. Field checks reuse validation.py so messages match the services'."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from tremplin.core.formfields import DateField, DateInput, FreeTextLimitsMixin, limit_free_text
from tremplin.core.phones import national_format
from tremplin.network.models import Site

from .access import casework_site_ids
from .models import Beneficiary, Consent, EligibilityProofType, Gender, Origin, SocialStatus
from .models.notice import InformationNotice, notice_languages
from .validation import check_address, check_birth_year, check_channel, check_email, parse_phone

PERSON_FIELDS = [
    "first_name",
    "last_name",
    "birth_name",
    "birth_year",
    "phone",
    "email",
    "preferred_channel",
    "postal_code",
    "commune",
    "languages",
    "accommodations",
    "gender",
    "social_status",
]


# Phone and e-mail are required by the channel chosen, not always: the label says when (validation.check_channel).
PHONE_LABEL = _("Téléphone (obligatoire pour un SMS ou un appel)")
EMAIL_LABEL = _("E-mail (obligatoire pour un contact par e-mail)")


class BeneficiaryForm(FreeTextLimitsMixin, forms.ModelForm):
    free_text_limits = {"accommodations": 500}

    phone = forms.CharField(
        label=PHONE_LABEL, required=False, help_text=_("Par exemple 06 12 34 56 78, ou 0693 12 34 56 outre-mer.")
    )
    email = forms.CharField(label=EMAIL_LABEL, required=False)
    birth_year = forms.IntegerField(label=_("Année de naissance"), required=False, help_text=_("Par exemple 1975."))

    class Meta:
        model = Beneficiary
        # The phone is checked by validation.parse_phone only (the model field's own validator refuses
        # well-formed French numbers missing from the library's ranges, such as the fiction range).
        fields = [name for name in PERSON_FIELDS if name != "phone"]
        labels = {
            "first_name": _("Prénom"),
            "last_name": _("Nom"),
            "birth_name": _("Nom de naissance"),
            "preferred_channel": _("Moyen de contact préféré"),
            "postal_code": _("Code postal"),
            "commune": _("Commune"),
            "languages": _("Langues parlées"),
            "accommodations": _("Adaptations demandées"),
            "gender": _("Genre (facultatif)"),
            "social_status": _("Statut social (facultatif)"),
        }
        help_texts = {
            "gender": _("Seulement si la personne souhaite le dire ; sert aux statistiques nationales."),
            "social_status": _("Seulement si la personne souhaite le dire ; sert aux statistiques nationales."),
            "birth_name": _(
                "Facultatif, s'il diffère du nom utilisé (par exemple le nom avant mariage). "
                "La recherche et la détection des doublons le prennent en compte."
            ),
        }
        widgets = {"accommodations": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.phone:
            self.initial["phone"] = national_format(self.instance.phone)
        self.order_fields(PERSON_FIELDS)
        self.fields["first_name"].widget.attrs["autocomplete"] = "off"
        self.fields["last_name"].widget.attrs["autocomplete"] = "off"
        self.fields["birth_name"].widget.attrs["autocomplete"] = "off"
        # Optional for the person: a form posted without them (an older page, a script) keeps "non communiqué".
        self.fields["gender"].required = False
        self.fields["social_status"].required = False

    def clean_gender(self):
        return self.cleaned_data.get("gender") or Gender.NOT_GIVEN

    def clean_social_status(self):
        return self.cleaned_data.get("social_status") or SocialStatus.NOT_GIVEN

    def clean_phone(self):
        return parse_phone(self.cleaned_data.get("phone"))

    def clean_email(self):
        return check_email(self.cleaned_data.get("email"))

    def clean_birth_year(self):
        return check_birth_year(self.cleaned_data.get("birth_year"))

    def clean(self):
        cleaned = super().clean()
        if not self.has_error("phone") and not self.has_error("email") and "preferred_channel" in cleaned:
            try:
                check_channel(cleaned["preferred_channel"], cleaned.get("phone"), cleaned.get("email"))
            except ValidationError as error:
                self.add_error(None, error)
        if "postal_code" in self.errors or "commune" in self.errors:
            return cleaned
        try:
            cleaned["postal_code"], cleaned["commune"] = check_address(
                cleaned.get("postal_code"), cleaned.get("commune")
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field, message)
        return cleaned

    def person_fields(self):
        return {name: self.cleaned_data[name] for name in PERSON_FIELDS}


def walk_in_sites(user):
    """The sites where `user` may take someone in directly (walk-in or self-referral allowed)."""
    accepts = Q(accepts_walk_ins=True) | Q(accepts_self_referrals=True)
    return Site.objects.filter(accepts, pk__in=casework_site_ids(user), is_active=True).order_by("name")


class WalkInForm(BeneficiaryForm):
    site = forms.ModelChoiceField(label=_("Espace"), queryset=Site.objects.none(), empty_label=None)
    origin = forms.ChoiceField(
        label=_("Comment la personne est-elle venue ?"),
        choices=[
            (Origin.WALK_IN.value, Origin.WALK_IN.label),
            (Origin.SELF_REFERRAL.value, Origin.SELF_REFERRAL.label),
        ],
        initial=Origin.WALK_IN,
        widget=forms.RadioSelect,
    )
    create_anyway = forms.BooleanField(
        label=_("J'ai vérifié : il s'agit d'une autre personne, créer la fiche quand même"), required=False
    )

    class Meta(BeneficiaryForm.Meta):
        fields = ["site", "origin", *BeneficiaryForm.Meta.fields]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = walk_in_sites(user)
        self.order_fields(["site", "origin", *PERSON_FIELDS, "create_anyway"])

    def clean(self):
        cleaned = super().clean()
        site, origin = cleaned.get("site"), cleaned.get("origin")
        if site and origin == Origin.WALK_IN and not site.accepts_walk_ins:
            self.add_error("origin", _("Cet espace n'accueille pas de personnes sans rendez-vous."))
        if site and origin == Origin.SELF_REFERRAL and not site.accepts_self_referrals:
            self.add_error("origin", _("Cet espace n'accepte pas les demandes directes des personnes."))
        return cleaned


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["given_on", "channel", "notice"]
        labels = {
            "given_on": _("Date de l'information"),
            "channel": _("Comment la notice a été remise"),
            "notice": _("Version de la notice remise"),
        }
        widgets = {"given_on": DateInput()}
        field_classes = {"given_on": DateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        published = InformationNotice.objects.published().order_by("-version")
        self.fields["notice"].queryset = published
        self.fields["notice"].required = True
        self.fields["notice"].empty_label = None
        current = published.first()
        self.fields["notice"].initial = current.pk if current else None
        self.fields["given_on"].initial = timezone.localdate()

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise ValidationError(_("La date ne peut pas être dans le futur."))
        return given_on


class EligibilityForm(forms.Form):
    proof_type = forms.ModelChoiceField(
        label=_("Justificatif vu"),
        queryset=EligibilityProofType.objects.filter(is_active=True),
        empty_label=None,
        help_text=_("On note seulement le type de justificatif vu, jamais son contenu ni la prestation perçue."),
    )
    checked_on = DateField(label=_("Vérifié le"), widget=DateInput())
    valid_until = DateField(
        label=_("Valable jusqu'au"),
        widget=DateInput(),
        required=False,
        help_text=_("Laissez vide pour la durée habituelle du réseau."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checked_on"].initial = timezone.localdate()

    def clean_checked_on(self):
        checked_on = self.cleaned_data["checked_on"]
        if checked_on > timezone.localdate():
            raise ValidationError(_("La date de vérification ne peut pas être dans le futur."))
        return checked_on

    def clean(self):
        cleaned = super().clean()
        checked_on, valid_until = cleaned.get("checked_on"), cleaned.get("valid_until")
        if checked_on and valid_until and valid_until < checked_on:
            self.add_error("valid_until", _("La date de fin de validité ne peut pas précéder la date de vérification."))
        return cleaned


class AnonymiseForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif"),
        max_length=200,
        help_text=_("Par exemple « demande de la personne du 12/03 ». N'écrivez pas de donnée personnelle."),
    )
    confirm = forms.BooleanField(
        label=_("Je confirme : le nom, les coordonnées et l'année de naissance seront effacés définitivement.")
    )


class MergeConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Je confirme qu'il s'agit de la même personne."))


NOTICE_MAX_LENGTH = 20000


def language_in_sentence(code, own_name):
    """The language's name in the interface's language, as a sentence writes it (« Texte en arabe », not « Texte en
    العربية »: the settings give each language's own name, for the person choosing it). Django knows the names of
    the languages it ships; another code keeps its own name."""
    try:
        name = str(get_language_info(code)["name_translated"])
    except KeyError:
        return own_name
    return name.lower() if (get_language() or "fr").startswith("fr") else name


class InformationNoticeForm(FreeTextLimitsMixin, forms.ModelForm):
    """The national team writes a draft: French, FALC, and one field per language the network provides."""

    free_text_limits = {"text": NOTICE_MAX_LENGTH, "text_falc": NOTICE_MAX_LENGTH}

    class Meta:
        model = InformationNotice
        fields = ["text", "text_falc"]
        widgets = {"text": forms.Textarea(attrs={"rows": 18}), "text_falc": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in notice_languages():
            self.fields[f"text_{code}"] = forms.CharField(
                label=_("Texte en %(language)s") % {"language": language_in_sentence(code, name)},
                required=False,
                # dir="auto": an Arabic text is written right to left, as the notice page shows it.
                widget=forms.Textarea(attrs={"rows": 12, "lang": code, "dir": "auto"}),
                initial=(self.instance.translations or {}).get(code, ""),
            )
            limit_free_text(self.fields[f"text_{code}"], NOTICE_MAX_LENGTH)

    def save(self, commit=True):
        notice = super().save(commit=False)
        notice.translations = {
            code: self.cleaned_data[f"text_{code}"].strip()
            for code, _name in notice_languages()
            if self.cleaned_data.get(f"text_{code}", "").strip()
        }
        if commit:
            notice.save()
        return notice
