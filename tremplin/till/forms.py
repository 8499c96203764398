"""Forms of the till screens. Amounts are typed in euros the French way ("50", "50,00", "50.5") and become cents."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tremplin.network.models import PartnerOrganisation

from .models import PaymentMethod

MAX_CENTS = 10_000_000  # 100 000 €: more than any till ever holds; bigger numbers are typing mistakes
AMOUNT_RE = re.compile(r"^\d{1,7}([.,]\d{1,2})?$")


def parse_euros(text):
    """ "50", "50,00", "50.5", "1 234,50 €" → cents; ValidationError for anything else (negative, letters…)."""
    cleaned = str(text or "").replace("€", "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "").strip()
    if cleaned.startswith("-"):
        raise ValidationError(_("Le montant ne peut pas être négatif."), code="negative")
    if not AMOUNT_RE.match(cleaned):
        raise ValidationError(_("Saisissez un montant en euros, par exemple 50 ou 12,50."), code="invalid")
    try:
        cents = int((Decimal(cleaned.replace(",", ".")) * 100).to_integral_value())
    except InvalidOperation as error:  # pragma: no cover — the pattern already refused it
        raise ValidationError(_("Saisissez un montant en euros, par exemple 50 ou 12,50."), code="invalid") from error
    if cents > MAX_CENTS:
        raise ValidationError(_("Ce montant est trop élevé pour une caisse."), code="too_big")
    return cents


class EurosField(forms.Field):
    """A money field: the person types euros, the form gives integer cents."""

    widget = forms.TextInput

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # A decimal keyboard on tablets and phones; still text, so "12,50" is accepted as typed.
        attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": "20", "class": "amount"})
        return attrs

    def to_python(self, value):
        value = str(value or "").strip()
        if not value:
            return None
        if len(value) > 20:
            raise ValidationError(_("Saisissez un montant en euros, par exemple 50 ou 12,50."), code="invalid")
        return parse_euros(value)


class OpenSessionForm(forms.Form):
    opening_float = EurosField(label=_("Fond de caisse compté (€)"), help_text=_("Par exemple 50 ou 50,00."))


class CloseSessionForm(forms.Form):
    counted_cash = EurosField(label=_("Espèces comptées dans le tiroir (€)"))
    explanation = forms.CharField(
        label=_("Explication de l'écart"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Obligatoire quand le comptage diffère du montant attendu."),
    )
    # The expected amount is shown only after a first count, so the count is not copied from it.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif"), min_length=5, max_length=200)


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Personne (nom, téléphone ou code du bon d'orientation)"), max_length=100, required=False
    )


class ScanForm(forms.Form):
    code = forms.CharField(
        label=_("Scanner ou saisir un numéro d'inventaire, de série ou un IMEI"),
        max_length=60,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args, refusal=None, **kwargs):
        """`refusal`: why nothing can be added now (checks.adding_refusal); the field is then disabled and
        described by that reason (the sale screen shows it as #add-refusal)."""
        super().__init__(*args, **kwargs)
        if refusal:
            field = self.fields["code"]
            field.disabled = True
            field.widget.attrs.pop("autofocus", None)
            field.widget.attrs["aria-describedby"] = "add-refusal"


class PaymentForm(forms.Form):
    method = forms.ChoiceField(label=_("Moyen de paiement"), choices=PaymentMethod.choices)
    amount = EurosField(label=_("Montant (€)"), help_text=_("En espèces : le montant remis ; la monnaie est calculée."))
    partner = forms.ModelChoiceField(
        label=_("Partenaire qui prend en charge"),
        queryset=PartnerOrganisation.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choisissez un partenaire de la liste.")},
    )

    def __init__(self, *args, refund=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = PartnerOrganisation.objects.active().order_by("name")
        if refund:
            self.fields["method"].label = _("Moyen de remboursement")
            self.fields["amount"].label = _("Montant remboursé (€)")
            self.fields["amount"].help_text = ""

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is None:
            raise ValidationError(_("Indiquez le montant."))
        if amount <= 0:
            raise ValidationError(_("Le montant doit être positif."))
        return amount

    def clean(self):
        data = super().clean()
        if data.get("method") == PaymentMethod.PARTNER and not data.get("partner"):
            self.add_error("partner", _("Indiquez le partenaire qui prend en charge."))
        return data


class EmailReceiptForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail de la personne"), max_length=254)
