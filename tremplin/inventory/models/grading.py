"""Grading thresholds and the price grid the national team sets."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .devices import Category, Condition, Grade


class GradingRule(models.Model):
    """The minimum a device of `category` must meet to earn `grade`. Blank thresholds are not checked.

    Computers are graded mostly on specs (RAM, storage); phones and tablets on condition and battery.
    """

    category = models.CharField(_("catégorie"), max_length=20, choices=Category.choices)
    grade = models.CharField(_("grade"), max_length=12, choices=[c for c in Grade.choices if c[0] != Grade.UNSELLABLE])
    min_ram_gb = models.PositiveSmallIntegerField(_("mémoire vive minimale (Go)"), null=True, blank=True)
    min_storage_gb = models.PositiveIntegerField(_("stockage minimal (Go)"), null=True, blank=True)
    min_battery_health = models.PositiveSmallIntegerField(_("santé de batterie minimale (%)"), null=True, blank=True)
    min_condition = models.CharField(_("état esthétique minimal"), max_length=10, choices=Condition.choices, blank=True)

    class Meta:
        verbose_name = _("seuil de classement")
        verbose_name_plural = _("seuils de classement")
        ordering = ["category", "grade"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "grade"],
                name="inventory_gradingrule_unique",
                violation_error_message=_("Un seuil existe déjà pour cette catégorie et ce grade."),
            )
        ]

    def __str__(self):
        return f"{self.get_category_display()} {self.get_grade_display()}"


class PriceGridEntry(models.Model):
    category = models.CharField(_("catégorie"), max_length=20, choices=Category.choices)
    grade = models.CharField(_("grade"), max_length=12, choices=Grade.choices)
    solidarity_price = models.DecimalField(_("prix solidaire"), max_digits=8, decimal_places=2)
    market_price = models.DecimalField(_("prix de référence du marché"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("ligne de la grille tarifaire")
        verbose_name_plural = _("grille tarifaire")
        ordering = ["category", "grade"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "grade"],
                name="inventory_price_unique",
                violation_error_message=_("Un prix existe déjà pour cette catégorie et ce grade."),
            ),
            models.CheckConstraint(
                name="inventory_price_solidarity_not_above_market",
                condition=Q(solidarity_price__gte=0) & Q(solidarity_price__lte=F("market_price")),
                violation_error_message=_(
                    "Le prix solidaire doit être positif et ne pas dépasser le prix de référence."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()} {self.get_grade_display()}"
