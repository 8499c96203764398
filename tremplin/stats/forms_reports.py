"""Forms of programmes, funder reports and share links."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tremplin.core.formfields import DateField, DateInput, FreeTextLimitsMixin, IdMultipleChoiceField, parse_id
from tremplin.core.roles import Role
from tremplin.network.models import PartnerOrganisation, Site

from .programmes import TARGET_KINDS, Programme, ProgrammeTarget
from .sharing import DEFAULT_DAYS, MAX_DAYS, allowed_sites

TARGET_PREFIX = "target_"


class IdModelChoiceField(forms.ModelChoiceField):
    """ModelChoiceField that refuses junk ids (too large for the database, "²") as an invalid choice."""

    def to_python(self, value):
        if value not in self.empty_values and not self.to_field_name and parse_id(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ProgrammeForm(FreeTextLimitsMixin, forms.ModelForm):
    """The programme and one optional target per indicator (blank: no target)."""

    free_text_limits = {"description": 2000}

    class Meta:
        model = Programme
        fields = ["name", "funder_partner", "funder_name", "starts_on", "ends_on", "sites", "description"]
        field_classes = {
            "sites": IdMultipleChoiceField,
            "funder_partner": IdModelChoiceField,
            "starts_on": DateField,
            "ends_on": DateField,
        }
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "sites": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder_partner"].queryset = PartnerOrganisation.objects.order_by("name")
        self.fields["funder_partner"].required = False
        self.fields["sites"].queryset = Site.objects.order_by("name")
        existing = {target.kind: target.value for target in self.instance.targets.all()} if self.instance.pk else {}
        for kind in TARGET_KINDS:
            self.fields[f"{TARGET_PREFIX}{kind.key}"] = forms.IntegerField(
                label=kind.label,
                required=False,
                min_value=1,
                max_value=10_000_000,
                initial=existing.get(kind.key),
            )

    def target_fields(self):
        return [self[f"{TARGET_PREFIX}{kind.key}"] for kind in TARGET_KINDS]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("La fin du programme doit être postérieure ou égale à son début."))
        if not cleaned.get("funder_partner") and not (cleaned.get("funder_name") or "").strip():
            self.add_error("funder_name", _("Indiquez le financeur : une structure partenaire ou un nom."))
        if cleaned.get("funder_partner") and (cleaned.get("funder_name") or "").strip():
            self.add_error("funder_name", _("Choisissez une structure partenaire ou un nom, pas les deux."))
        return cleaned

    @transaction.atomic
    def save_with_targets(self, actor):
        programme = self.save(commit=False)
        if not programme.pk:
            programme.created_by = actor
        programme.save()
        self.save_m2m()
        for kind in TARGET_KINDS:
            value = self.cleaned_data.get(f"{TARGET_PREFIX}{kind.key}")
            if value:
                ProgrammeTarget.objects.update_or_create(programme=programme, kind=kind.key, defaults={"value": value})
            else:
                ProgrammeTarget.objects.filter(programme=programme, kind=kind.key).delete()
        return programme


class GrantForm(forms.Form):
    user = forms.ChoiceField(label=_("Compte financeur / acteur public"))

    def __init__(self, *args, programme, **kwargs):
        from tremplin.accounts.models import User

        super().__init__(*args, **kwargs)
        observers = (
            User.objects.filter(memberships__role=Role.OBSERVER, memberships__is_active=True, is_active=True)
            .exclude(programme_grants__programme=programme)
            .distinct()
            .order_by("full_name", "email")
        )
        self.users = {str(user.pk): user for user in observers}
        self.fields["user"].choices = [("", "—")] + [
            (pk, f"{user.full_name} ({user.email})" if user.full_name else user.email)
            for pk, user in self.users.items()
        ]

    def clean_user(self):
        return self.users[self.cleaned_data["user"]]


WHOLE_NETWORK = "reseau"
PROGRAMME = "programme"
SITES = "espaces"


class ScopeAndPeriodForm(forms.Form):
    """What a report or a share link covers: a programme, some sites or the whole network, and a period."""

    scope_kind = forms.ChoiceField(label=_("Périmètre"), widget=forms.RadioSelect)
    programme = IdModelChoiceField(label=_("Programme"), queryset=Programme.objects.none(), required=False)
    sites = IdMultipleChoiceField(
        label=_("Espaces"), queryset=Site.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    period_start = DateField(label=_("Du"), widget=DateInput())
    period_end = DateField(label=_("Au"), widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        sites = Site.objects.order_by("name")
        allowed = allowed_sites(user)
        if allowed is not None:
            sites = sites.filter(pk__in=allowed)
        self.fields["sites"].queryset = sites
        programmes = Programme.objects.visible_to(user).order_by("name")
        if allowed is not None:  # a site manager reports on programmes covering one of their sites
            programmes = programmes.filter(sites__in=allowed).distinct()
        self.fields["programme"].queryset = programmes
        kinds = [(PROGRAMME, _("Un programme")), (SITES, _("Des espaces"))]
        if allowed is None:
            kinds.append((WHOLE_NETWORK, _("Tout le réseau")))
        self.fields["scope_kind"].choices = kinds
        self.fields["scope_kind"].initial = SITES

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("scope_kind")
        if kind == PROGRAMME and not cleaned.get("programme"):
            self.add_error("programme", _("Choisissez le programme."))
        if kind == SITES and not cleaned.get("sites"):
            self.add_error("sites", _("Cochez au moins un espace."))
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end:
            if end < start:
                self.add_error("period_end", _("La date de fin doit être postérieure ou égale à la date de début."))
            elif (end - start).days > 366 * 5:
                self.add_error("period_end", _("La période ne peut pas dépasser cinq ans."))
            elif start.year < 2000 or end.year > 2100:
                self.add_error("period_start", _("Choisissez une période entre 2000 et 2100."))
        return cleaned

    def scope_arguments(self):
        kind = self.cleaned_data["scope_kind"]
        return {
            "programme": self.cleaned_data["programme"] if kind == PROGRAMME else None,
            "sites": list(self.cleaned_data["sites"]) if kind == SITES else [],
            "whole_network": kind == WHOLE_NETWORK,
        }


class ReportForm(FreeTextLimitsMixin, ScopeAndPeriodForm):
    title = forms.CharField(label=_("Titre du rapport"), max_length=150)
    introduction = forms.CharField(
        label=_("Introduction (facultatif)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Quelques lignes en tête du rapport : le contexte, les temps forts, les remerciements. "
            "Pas de nom de personne accompagnée."
        ),
    )
    free_text_limits = {"introduction": 3000}

    field_order = ["title", "scope_kind", "programme", "sites", "period_start", "period_end", "introduction"]


class ShareLinkForm(ScopeAndPeriodForm):
    label = forms.CharField(
        label=_("Destinataire"),
        max_length=150,
        help_text=_("Pour qui est ce lien, par exemple « Département du Rhône »."),
    )
    days = forms.IntegerField(label=_("Valable pendant (jours)"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS)

    field_order = ["label", "scope_kind", "programme", "sites", "period_start", "period_end", "days"]
