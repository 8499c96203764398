"""Rights (quota rules) and the network's till settings."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RightsKey(models.TextChoices):
    """What a rule can count: device categories (inventory) and connectivity kinds."""

    LAPTOP = "laptop", _("Ordinateur portable")
    DESKTOP = "desktop", _("Ordinateur fixe")
    SMARTPHONE = "smartphone", _("Smartphone")
    TABLET = "tablet", _("Tablette")
    SCREEN = "screen", _("Écran")
    RECHARGE = "recharge", _("Recharge prépayée")
    SIM = "sim", _("Carte SIM")
    BOX = "box", _("Box 4G")
    ACCESSORY = "accessory", _("Accessoire")


class QuotaRule(models.Model):
    """A right: at most `limit` items (or euros) of some categories per person over a period, at every site.

    Period "rolling": the last `period_months` months before the sale (24 for a computer);
    "calendar_month" / "calendar_year": the current month or year in the network's time zone.
    """

    class Measure(models.TextChoices):
        COUNT = "count", _("nombre d'articles")
        AMOUNT = "amount", _("montant (valeur faciale, en euros)")

    class Period(models.TextChoices):
        ROLLING = "rolling", _("sur les N derniers mois")
        CALENDAR_MONTH = "calendar_month", _("par mois civil")
        CALENDAR_YEAR = "calendar_year", _("par année civile")

    name = models.CharField(_("libellé"), max_length=80, help_text=_("Par exemple « ordinateur » ou « recharges »."))
    keys = models.JSONField(_("catégories comptées"), default=list)
    measure = models.CharField(_("on compte"), max_length=6, choices=Measure.choices, default=Measure.COUNT)
    limit = models.PositiveIntegerField(
        _("plafond"), validators=[MinValueValidator(1)], help_text=_("Nombre d'articles, ou euros pour un montant.")
    )
    period = models.CharField(_("période"), max_length=15, choices=Period.choices, default=Period.ROLLING)
    period_months = models.PositiveSmallIntegerField(_("nombre de mois"), null=True, blank=True)
    is_active = models.BooleanField(_("en vigueur"), default=True)

    class Meta:
        verbose_name = _("règle de droits")
        verbose_name_plural = _("règles de droits")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="till_rolling_rule_has_months",
                condition=~Q(period="rolling") | Q(period_months__gte=1),
                violation_error_message=_("Une période glissante indique son nombre de mois."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def limit_cents(self):
        return self.limit * 100 if self.measure == self.Measure.AMOUNT else self.limit


class TillSettings(models.Model):
    """The network's till settings: one row (pk=1), edited by the national team."""

    legal_name = models.CharField(_("nom de l'association"), max_length=150, default="Association Tremplin (démo)")
    legal_address = models.CharField(_("adresse du siège"), max_length=250, blank=True)
    legal_siret = models.CharField(_("SIRET du siège"), max_length=14, blank=True)
    vat_liable = models.BooleanField(
        _("assujettie à la TVA"),
        default=False,
        help_text=_("Sinon les tickets portent « TVA non applicable, art. 293 B du CGI »."),
    )
    vat_rates = models.JSONField(
        _("taux de TVA par catégorie (points de base)"), default=dict, blank=True
    )  # {"device": 2000, "connectivity": 2000, "accessory": 2000}
    eligibility_required = models.BooleanField(_("éligibilité valide exigée pour les prix solidaires"), default=True)
    revenue_accounts = models.JSONField(_("comptes de produits"), default=dict, blank=True)
    payment_accounts = models.JSONField(_("comptes de trésorerie"), default=dict, blank=True)

    class Meta:
        verbose_name = _("paramètres de caisse")
        verbose_name_plural = _("paramètres de caisse")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls):
        settings, _created = cls.objects.get_or_create(pk=1)
        return settings

    def vat_rate_for(self, category):
        if not self.vat_liable:
            return 0
        return int(self.vat_rates.get(category, 2000))
