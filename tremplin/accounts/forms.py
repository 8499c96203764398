from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from tremplin.core.roles import ROLES_BY_POWER
from tremplin.network.models import PartnerOrganisation, Site

from .services import grantable_roles


class ScopedRoleForm(forms.Form):
    """Role + where it applies; the choices offered depend on what the actor may grant."""

    role = forms.ChoiceField(label=_("Rôle"))
    site = forms.ModelChoiceField(
        label=_("Espace"),
        queryset=Site.objects.none(),
        required=False,
        help_text=_("Pour les rôles exercés dans un espace."),
    )
    partner = forms.ModelChoiceField(
        label=_("Structure partenaire"),
        queryset=PartnerOrganisation.objects.none(),
        required=False,
        help_text=_("Pour les prescripteur·rices."),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        roles = sorted(grantable_roles(actor), key=ROLES_BY_POWER.index)
        self.fields["role"].choices = [(r.value, r.label) for r in roles]
        if roles:
            self.fields["role"].initial = roles[0].value  # the least powerful (core.roles.ROLES_BY_POWER)
        self.fields["site"].queryset = Site.objects.active().managed_by(actor)
        self.fields["partner"].queryset = PartnerOrganisation.objects.active()


class InvitationForm(ScopedRoleForm):
    full_name = forms.CharField(label=_("Nom complet"), max_length=150)
    email = forms.EmailField(label=_("Adresse e-mail"))
    field_order = ["full_name", "email", "role", "site", "partner"]


class MembershipForm(ScopedRoleForm):
    pass


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Nom complet"), max_length=150)
    password1 = forms.CharField(
        label=_("Mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Au moins 12 caractères. Une phrase facile à retenir convient très bien."),
    )
    password2 = forms.CharField(
        label=_("Mot de passe (confirmation)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        elif password1:
            candidate = get_user_model()(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
