"""Issuing a token: which partner, which account it acts for, which rights, until when."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import User
from tremplin.core.formfields import DateField, DateInput
from tremplin.core.roles import Role
from tremplin.network.models import PartnerOrganisation

from .models import Scope

DEFAULT_VALIDITY_DAYS = 365


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name or obj.email} — {obj.email}"


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nom du jeton"), max_length=100, help_text=_("Par exemple « Logiciel de suivi du CCAS ».")
    )
    partner = forms.ModelChoiceField(
        label=_("Structure partenaire"),
        queryset=PartnerOrganisation.objects.none(),
        required=False,
        empty_label=_("Aucune (statistiques d'un financeur, ou export des activités)"),
    )
    account = AccountChoiceField(
        label=_("Compte de rattachement"),
        queryset=User.objects.none(),
        help_text=_(
            "Orientations : un·e prescripteur·rice de la structure (les orientations envoyées par l'API "
            "apparaissent dans son portail). Statistiques : le compte financeur, dont le périmètre s'applique. "
            "Export des activités : un compte de l'équipe nationale. "
            "Le jeton cesse de fonctionner si ce compte perd ce rôle."
        ),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Droits"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un droit.")},
    )
    expires_on = DateField(
        label=_("Expire le"), widget=DateInput(), help_text=_("Au plus deux ans ; un an par défaut.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = PartnerOrganisation.objects.active().order_by("name")
        self.fields["account"].queryset = (
            User.objects.filter(
                is_active=True,
                memberships__role__in=[Role.REFERRER, Role.OBSERVER, Role.NETWORK_ADMIN],
                memberships__is_active=True,
            )
            .distinct()
            .order_by("full_name", "email")
        )
        if not self.is_bound:
            self.initial.setdefault("expires_on", timezone.localdate() + timedelta(days=DEFAULT_VALIDITY_DAYS))
            # Nothing ticked: the admin chooses what this token may do (a funder's token must not start with
            # the partner's rights, which it could not hold anyway).

    def expires_at(self):
        day = self.cleaned_data["expires_on"]
        return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))
