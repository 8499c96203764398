"""Referral forms. Every rule gives a French message next to the field it concerns."""

import uuid
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tremplin.core.formfields import DateTimeField, FreeTextField, IdentifierField
from tremplin.core.phones import FrenchPhoneField
from tremplin.network.forms import AddressCheckMixin
from tremplin.network.models import PartnerOrganisation, Site
from tremplin.network.validators import validate_postal_code
from tremplin.people.forms import EMAIL_LABEL, PHONE_LABEL
from tremplin.people.models import ContactChannel, EligibilityProofType
from tremplin.people.validation import check_channel

from .choices import ContactOutcome, DeclineReason, Need, Status

MIN_AGE, MAX_AGE = 12, 110


class ReferralForm(AddressCheckMixin, forms.Form):
    """The short referral form, in fieldsets, mobile first."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    partner = forms.ModelChoiceField(label=_("Vous orientez pour"), queryset=PartnerOrganisation.objects.none())
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    last_name = forms.CharField(label=_("Nom"), max_length=100)
    birth_year = forms.IntegerField(label=_("Année de naissance"), help_text=_("Par exemple 1972."))
    preferred_channel = forms.ChoiceField(
        label=_("Comment la joindre ?"),
        choices=ContactChannel.choices,
        widget=forms.RadioSelect,
        initial=ContactChannel.SMS,
    )
    phone = FrenchPhoneField(label=PHONE_LABEL)
    email = forms.EmailField(
        label=EMAIL_LABEL,
        required=False,
        error_messages={"invalid": _("Cette adresse e-mail n'est pas valide (par exemple prenom.nom@exemple.fr).")},
    )
    postal_code = IdentifierField(
        label=_("Code postal"),
        max_length=5,
        validators=[validate_postal_code],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    commune = forms.CharField(label=_("Commune"), max_length=100)
    needs = forms.MultipleChoiceField(
        label=_("Besoins"),
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins un besoin.")},
    )
    languages = forms.CharField(
        label=_("Langues parlées"), max_length=200, required=False, help_text=_("Par exemple : français, arabe.")
    )
    accommodations = FreeTextField(
        label=_("Adaptations demandées par la personne"),
        required=False,
        rows=2,
        max_length=500,
        help_text=_("Ce que la personne demande (gros caractères, interprète…), jamais un diagnostic."),
    )
    context = FreeTextField(
        label=_("Contexte"),
        required=False,
        help_text=_("Ce qui aidera l'espace à bien accueillir la personne. Pas d'information de santé."),
    )
    target_site = forms.ModelChoiceField(
        label=_("Espace"),
        queryset=Site.objects.none(),
        required=False,
        empty_label=_("L'espace le plus proche qui propose ces besoins"),
    )
    consent_attested = forms.BooleanField(
        label=_("La personne est d'accord pour être orientée et pour que ses coordonnées soient transmises."),
        error_messages={"required": _("L'accord de la personne est obligatoire pour l'orienter.")},
    )
    eligibility_attested = forms.BooleanField(
        label=_("La personne remplit les critères du réseau."),
        error_messages={"required": _("Attestez que la personne remplit les critères du réseau.")},
    )
    proof_type = forms.ModelChoiceField(
        label=_("Type de justificatif vu"),
        queryset=EligibilityProofType.objects.none(),
        help_text=_("Seulement le type de justificatif, jamais la prestation perçue."),
        error_messages={"required": _("Choisissez le type de justificatif.")},
    )

    FIELDSETS = [
        (_("La personne"), ["first_name", "last_name", "birth_year", "languages"]),
        (_("Comment la contacter"), ["preferred_channel", "phone", "email"]),
        (_("Où elle habite"), ["postal_code", "commune"]),
        (_("Ses besoins"), ["needs", "accommodations", "context"]),
        (_("Où l'orienter"), ["partner", "target_site"]),
        (_("Vos attestations"), ["consent_attested", "eligibility_attested", "proof_type"]),
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        partners = PartnerOrganisation.objects.filter(pk__in=user.partner_ids()).order_by("name")
        self.fields["partner"].queryset = partners
        if len(partners) == 1:
            self.fields["partner"].initial = partners[0].pk
            self.fields["partner"].widget = forms.HiddenInput()
        self.fields["target_site"].queryset = Site.objects.active().order_by("name")
        self.fields["proof_type"].queryset = EligibilityProofType.objects.filter(is_active=True)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())
        for name, field in self.fields.items():
            if not field.required and name not in ("target_site", "phone", "email"):
                field.label = format_lazy("{} ({})", field.label, _("facultatif"))

    def fieldsets(self):
        return [
            (legend, [self[name] for name in names if not self[name].is_hidden]) for legend, names in self.FIELDSETS
        ]

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        current = timezone.localdate().year
        if not current - MAX_AGE <= year <= current - MIN_AGE:
            raise forms.ValidationError(
                _(
                    "L'année de naissance doit correspondre à un âge de %(min)s à %(max)s ans "
                    "(entre %(first)s et %(last)s)."
                )
                % {"min": MIN_AGE, "max": MAX_AGE, "first": current - MAX_AGE, "last": current - MIN_AGE}
            )
        return year

    def clean(self):
        cleaned = super().clean()
        match = self.clean_address_fields(cleaned)
        if match:
            cleaned["commune"] = match[1]
        channel = cleaned.get("preferred_channel")
        phone, email = cleaned.get("phone"), cleaned.get("email")
        if self.has_error("phone") or self.has_error("email"):
            return cleaned
        try:
            check_channel(channel, phone, email)
        except forms.ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def service_fields(self):
        data = dict(self.cleaned_data)
        data["phone"] = data.get("phone") or ""
        return data


class ContactAttemptForm(forms.Form):
    at = DateTimeField(label=_("Date et heure"))
    channel = forms.ChoiceField(label=_("Moyen"), choices=ContactChannel.choices)
    outcome = forms.ChoiceField(label=_("Résultat"), choices=ContactOutcome.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("at", timezone.localtime().replace(second=0, microsecond=0))

    def clean_at(self):
        at = self.cleaned_data["at"]
        if at > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("La date de la tentative ne peut pas être dans le futur."))
        return at


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Motif du refus"),
        choices=DeclineReason.choices,
        help_text=_("Le prescripteur reçoit ce motif par e-mail."),
    )


class TransferForm(forms.Form):
    to_site = forms.ModelChoiceField(label=_("Transférer à l'espace"), queryset=Site.objects.none())

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_site"].queryset = Site.objects.active().exclude(pk=referral.target_site_id).order_by("name")


class AcceptForm(forms.Form):
    NEW = "new"
    person = forms.ChoiceField(label=_("Personne accompagnée"), widget=forms.RadioSelect)

    def __init__(self, *args, candidates, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(c.pk): c for c in candidates}
        choices = [(self.NEW, _("Créer une nouvelle fiche"))]
        choices += [
            (key, _("Rattacher à la fiche existante : %(name)s") % {"name": candidate_label(c, site)})
            for key, c in self.candidates.items()
        ]
        self.fields["person"].choices = choices
        # A record with the same name and birth year and the same phone or e-mail is almost surely the person:
        # attaching is the default, creating a second record the exception.
        strong = [key for key, c in self.candidates.items() if is_strong_match(c)]
        self.fields["person"].initial = strong[0] if len(strong) == 1 else self.NEW

    def chosen_beneficiary(self):
        value = self.cleaned_data["person"]
        return None if value == self.NEW else self.candidates[value]


def is_strong_match(beneficiary):
    """Same name and birth year, and the same phone or e-mail (reasons from people.services.find_duplicates)."""
    reasons = set(getattr(beneficiary, "duplicate_reasons", []))
    return "name_birth_year" in reasons and bool(reasons & {"phone", "email"})


def candidate_label(beneficiary, site):
    """Enough to recognise the person; a record followed elsewhere shows no contact detail or address."""
    parts = [str(beneficiary)]
    if beneficiary.birth_year:
        parts.append(str(_("née ou né en %(year)s") % {"year": beneficiary.birth_year}))
    followed_here = any(s.pk == site.pk for s in beneficiary.sites.all())
    if followed_here:
        if beneficiary.commune:
            parts.append(beneficiary.commune)
        parts.append(str(_("déjà suivie par votre espace")))
    else:
        parts.append(str(_("suivie par un autre espace")))
    reasons = getattr(beneficiary, "duplicate_reason_labels", [])
    if reasons:
        parts.append(str(_("(%(reasons)s)") % {"reasons": ", ".join(str(r) for r in reasons)}))
    return ", ".join(parts)


class InboxFilterForm(forms.Form):
    OPEN = "open"
    ALL = "all"
    status = forms.ChoiceField(label=_("État"), required=False)
    need = forms.ChoiceField(label=_("Besoin"), required=False, choices=[("", _("Tous les besoins")), *Need.choices])
    site = forms.ModelChoiceField(
        label=_("Espace"), required=False, queryset=Site.objects.none(), empty_label=_("Tous mes espaces")
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(self.OPEN, _("À traiter")), *Status.choices, (self.ALL, _("Toutes"))]
        self.fields["site"].queryset = sites
        if len(sites) < 2:
            del self.fields["site"]

    def filter(self, referrals):
        if not self.is_valid():
            return referrals.open()
        status = self.cleaned_data.get("status") or self.OPEN
        if status == self.OPEN:
            referrals = referrals.open()
        elif status != self.ALL:
            referrals = referrals.filter(status=status)
        need = self.cleaned_data.get("need")
        if need:
            referrals = _filter_need(referrals, need)
        site = self.cleaned_data.get("site")
        if site:
            referrals = referrals.filter(target_site=site)
        return referrals


def _filter_need(referrals, need):
    # JSON "contains" is not portable to SQLite; the needs list is short, so match the JSON text instead.
    return referrals.filter(needs__icontains=f'"{need}"')
