"""Forms of the till's settings (national team) and of the reports."""

import re
from datetime import date
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tremplin.core.formfields import DateField, DateInput
from tremplin.inventory.services.devices import add_months
from tremplin.network.forms import GroupedFieldsMixin
from tremplin.network.models import PartnerOrganisation, Site
from tremplin.network.validators import validate_siret

from .models import PaymentMethod, QuotaRule, Register, RevenueCategory, RightsKey, TillSettings
from .services.rights import RightStatus, euros

ACCOUNT_RE = re.compile(r"^[0-9A-Za-z]{0,20}$")


def rule_description(rule):
    """The rule in one sentence, as the national team reads it in the list and the preview."""
    keys = dict(RightsKey.choices)
    what = ", ".join(str(keys.get(key, key)).lower() for key in rule.keys)
    if rule.period == QuotaRule.Period.CALENDAR_MONTH:
        period = _("par mois civil")
    elif rule.period == QuotaRule.Period.CALENDAR_YEAR:
        period = _("par année civile")
    else:
        months = rule.period_months or 0
        period = ngettext("sur le dernier mois", "sur les %(months)s derniers mois", months) % {"months": months}
    if rule.measure == QuotaRule.Measure.AMOUNT:
        limit = euros(rule.limit * 100)
        return _("Au plus %(limit)s de %(what)s (valeur faciale) par personne %(period)s, dans tout le réseau.") % {
            "limit": limit,
            "what": what,
            "period": period,
        }
    return ngettext(
        "Au plus %(limit)s article (%(what)s) par personne %(period)s, dans tout le réseau.",
        "Au plus %(limit)s articles (%(what)s) par personne %(period)s, dans tout le réseau.",
        rule.limit,
    ) % {"limit": rule.limit, "what": what, "period": period}


def rule_sentences(rule):
    """What the till and the person's page will show for this rule: for a person who has used nothing,
    and for one who has used it all (dates of the example: today)."""
    limit = rule.limit_cents
    today = timezone.localdate()
    fresh = RightStatus(rule, 0, limit, None, None).sentence
    if rule.measure == QuotaRule.Measure.AMOUNT:
        used = RightStatus(rule, limit, limit, None, None).sentence
    elif rule.period == QuotaRule.Period.ROLLING:
        used = RightStatus(rule, limit, limit, today, add_months(today, rule.period_months or 0)).sentence
    elif rule.period == QuotaRule.Period.CALENDAR_MONTH:
        used = RightStatus(rule, limit, limit, today, add_months(today.replace(day=1), 1)).sentence
    else:
        used = RightStatus(rule, limit, limit, today, date(today.year + 1, 1, 1)).sentence
    return [fresh, used]


class QuotaRuleForm(forms.ModelForm):
    keys = forms.MultipleChoiceField(
        label=_("Catégories comptées"),
        choices=RightsKey.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins une catégorie.")},
        help_text=_("Les achats de toutes ces catégories comptent ensemble (ordinateur portable et fixe…)."),
    )

    class Meta:
        model = QuotaRule
        fields = ["name", "keys", "measure", "limit", "period", "period_months"]
        help_texts = {"period_months": _("Pour une période glissante seulement (24 pour un ordinateur).")}

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean(self):
        cleaned = super().clean()
        period, months = cleaned.get("period"), cleaned.get("period_months")
        if period == QuotaRule.Period.ROLLING:
            if not months:
                self.add_error("period_months", _("Indiquez le nombre de mois de la période glissante."))
            elif months > 120:
                self.add_error("period_months", _("Une période glissante dure au plus 120 mois."))
        else:
            cleaned["period_months"] = None
        limit = cleaned.get("limit")
        if limit is not None and limit > 100000:
            self.add_error("limit", _("Ce plafond est trop élevé."))
        return cleaned


def _percent_field(label):
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        decimal_places=2,
        required=False,
        help_text=_("En pour cent, par exemple 20 ou 5,5."),
        localize=True,
    )


def _account_field(label):
    return forms.CharField(
        label=label,
        max_length=20,
        required=False,
        help_text=_("Numéro de compte du plan comptable (chiffres et lettres, sans espace)."),
    )


CATEGORY_LABELS = dict(RevenueCategory.choices)
METHOD_LABELS = dict(PaymentMethod.choices)


class TillSettingsForm(GroupedFieldsMixin, forms.ModelForm):
    """The network's settings; VAT rates and accounts are edited one field per category or method."""

    class Meta:
        model = TillSettings
        fields = ["legal_name", "legal_address", "legal_siret", "vat_liable", "eligibility_required"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        settings = self.instance
        for category, label in RevenueCategory.choices:
            name = f"vat_{category}"
            self.fields[name] = _percent_field(_("TVA — %(category)s") % {"category": label})
            rate = settings.vat_rates.get(category)
            self.initial[name] = Decimal(int(rate)) / 100 if rate not in (None, "") else None
            name = f"revenue_{category}"
            self.fields[name] = _account_field(_("Compte de produits — %(category)s") % {"category": label})
            self.initial[name] = settings.revenue_accounts.get(category, "")
        for method, label in PaymentMethod.choices:
            name = f"payment_{method}"
            self.fields[name] = _account_field(_("Compte de trésorerie — %(method)s") % {"method": label})
            self.initial[name] = settings.payment_accounts.get(method, "")
        # Written as printed (732 829 320 00074): cleaned of spaces first, then checked.
        self.fields["legal_siret"] = forms.CharField(
            label=self.fields["legal_siret"].label, max_length=20, required=False
        )

    @property
    def fieldsets(self):
        return (
            (_("L'association (imprimé sur les tickets)"), ["legal_name", "legal_address", "legal_siret"]),
            (_("Prix solidaires"), ["eligibility_required"]),
            (_("TVA"), ["vat_liable", *[f"vat_{c}" for c in RevenueCategory.values]]),
            (_("Comptes de produits (export comptable)"), [f"revenue_{c}" for c in RevenueCategory.values]),
            (_("Comptes de trésorerie (export comptable)"), [f"payment_{m}" for m in PaymentMethod.values]),
        )

    def clean_legal_siret(self):
        siret = re.sub(r"\s", "", self.cleaned_data.get("legal_siret") or "")
        if siret:
            validate_siret(siret)
        return siret

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if name.startswith(("revenue_", "payment_")):
                value = re.sub(r"\s", "", value or "")
                if not ACCOUNT_RE.match(value):
                    self.add_error(name, _("Un numéro de compte ne contient que des chiffres et des lettres."))
                cleaned[name] = value
        if cleaned.get("vat_liable"):
            for category in RevenueCategory.values:
                if cleaned.get(f"vat_{category}") is None:
                    self.add_error(f"vat_{category}", _("Indiquez le taux de TVA de cette catégorie."))
        return cleaned

    def save(self, commit=True):
        settings = super().save(commit=False)
        data = self.cleaned_data
        settings.vat_rates = {
            c: int((data[f"vat_{c}"] * 100).to_integral_value())
            for c in RevenueCategory.values
            if data.get(f"vat_{c}") is not None
        }
        settings.revenue_accounts = {c: data[f"revenue_{c}"] for c in RevenueCategory.values if data[f"revenue_{c}"]}
        settings.payment_accounts = {m: data[f"payment_{m}"] for m in PaymentMethod.values if data[f"payment_{m}"]}
        if commit:
            settings.save()
        return settings


class RegisterForm(forms.ModelForm):
    class Meta:
        model = Register
        fields = ["site", "code", "name", "training_mode", "is_active"]
        help_texts = {
            "training_mode": _("Tickets marqués « FORMATION », dans leur propre chaîne, jamais comptés ni en stock."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.managed_by(user).filter(is_active=True).order_by("name")
        if self.instance.pk:
            # The code is printed on tickets and hashed in the journal: it never changes.
            self.fields["site"].disabled = True
            self.fields["code"].disabled = True
            self.fields["site"].queryset = Site.objects.filter(pk=self.instance.site_id)

    def clean_code(self):
        return (self.cleaned_data.get("code") or "").strip().upper()

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


# --- Reports ---------------------------------------------------------------------------------------


class MonthField(DateField):
    widget = forms.DateInput(attrs={"type": "month"})
    input_formats = ["%Y-%m", "%m/%Y"]

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"invalid": _("Indiquez un mois, par exemple 2026-03.")})
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, date):
            return value.strftime("%Y-%m")
        return value

    def to_python(self, value):
        day = super().to_python(value)
        if day is not None and not date(2000, 1, 1) <= day <= date(2100, 1, 1):
            raise forms.ValidationError(_("Indiquez un mois entre 2000 et 2100."))
        return day


class PartnerStatementForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partenaire"),
        queryset=PartnerOrganisation.objects.none(),
        empty_label=_("Choisissez un partenaire"),
        error_messages={"invalid_choice": _("Choisissez un partenaire de la liste.")},
    )
    month = MonthField(label=_("Mois"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = PartnerOrganisation.objects.order_by("name")


class PeriodForm(forms.Form):
    start = DateField(label=_("Du"), widget=DateInput())
    end = DateField(label=_("Au (inclus)"), widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("La fin de la période précède son début."))
            elif (end - start).days > 366 * 2:
                self.add_error("end", _("Une période dure au plus deux ans."))
            elif start.year < 2000 or end.year > 2100:
                self.add_error("start", _("Indiquez des dates entre 2000 et 2100."))
        return cleaned
