"""Closures (Z daily, monthly, yearly) and the technical event journal (JET): immutable and chained."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .appendonly import AppendOnlyModel


class ClosureKind(models.TextChoices):
    DAY = "day", _("Clôture journalière (Z)")
    MONTH = "month", _("Clôture mensuelle")
    YEAR = "year", _("Clôture annuelle")


class Closure(AppendOnlyModel):
    """Totals of a period of one register, chained to the register's previous closure.

    `totals` = {"by_method": {method: cents}, "by_vat": {rate_bp: {"ttc": c, "vat": c}},
    "by_category": {category: cents}, "tickets": n}. The grand total is perpetual (never reset).
    """

    register = models.ForeignKey("till.Register", on_delete=models.PROTECT, related_name="closures")
    training = models.BooleanField(default=False)
    kind = models.CharField(max_length=5, choices=ClosureKind.choices)
    number = models.PositiveIntegerField()
    session = models.OneToOneField(
        "till.RegisterSession", on_delete=models.PROTECT, null=True, blank=True, related_name="closure"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    totals = models.JSONField()
    total_cents = models.BigIntegerField()
    grand_total_cents = models.BigIntegerField()
    first_number = models.PositiveIntegerField(null=True, blank=True)
    last_number = models.PositiveIntegerField(null=True, blank=True)
    last_sale_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=20)

    class Meta:
        verbose_name = _("clôture")
        verbose_name_plural = _("clôtures")
        ordering = ["register", "training", "number"]
        constraints = [
            models.UniqueConstraint(fields=["register", "training", "number"], name="till_closure_number_unique"),
            models.UniqueConstraint(
                fields=["register", "training", "kind", "period_start"],
                condition=~models.Q(kind="day"),
                name="till_closure_period_unique",
                violation_error_message=_("Cette période est déjà clôturée."),
            ),
        ]

    def __str__(self):
        return f"{self.register_id} {self.kind} {self.period_start}"


class EventKind(models.TextChoices):
    REGISTER_OPENED = "register_opened", _("Ouverture de caisse")
    REGISTER_CLOSED = "register_closed", _("Clôture de caisse")
    PERIOD_CLOSED = "period_closed", _("Clôture de période")
    REPRINT = "reprint", _("Réimpression (duplicata)")
    CODE_REVEALED = "code_revealed", _("Code de recharge affiché de nouveau")
    OVERRIDE = "override", _("Dérogation à un droit")
    TRAINING_ON = "training_on", _("Mode formation activé")
    TRAINING_OFF = "training_off", _("Mode formation désactivé")
    ARCHIVE = "archive", _("Archive créée")
    VERIFICATION = "verification", _("Vérification du journal")
    KEY_ROTATION = "key_rotation", _("Changement de clé de scellement")
    SETTINGS = "settings", _("Paramètres de caisse modifiés")


class JournalEvent(AppendOnlyModel):
    """The technical event journal (JET): one chain for the whole network. Details never hold personal data."""

    number = models.PositiveBigIntegerField(unique=True)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    register = models.ForeignKey("till.Register", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    details = models.JSONField(default=dict)
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=20)

    class Meta:
        verbose_name = _("événement technique")
        verbose_name_plural = _("journal des événements techniques")
        ordering = ["-number"]

    def __str__(self):
        return f"JET {self.number} {self.kind}"
