"""After-sales tickets (service après-vente) on sold devices."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AfterSalesTicket(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Ouvert")
        IN_PROGRESS = "in_progress", _("En cours")
        CLOSED = "closed", _("Clos")

    class Outcome(models.TextChoices):
        REPAIRED = "repaired", _("Réparé")
        EXCHANGED = "exchanged", _("Échangé")
        REFUNDED = "refunded", _("Remboursé")
        REFUSED = "refused", _("Hors garantie / refusé")

    device = models.ForeignKey(
        "inventory.Device", on_delete=models.PROTECT, related_name="tickets", verbose_name=_("appareil")
    )
    problem = models.TextField(_("problème constaté"))
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(_("issue"), max_length=12, choices=Outcome.choices, blank=True)
    resolution_notes = models.TextField(_("notes de résolution"), blank=True)
    under_warranty = models.BooleanField(_("sous garantie"), default=True)
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ticket de SAV")
        verbose_name_plural = _("tickets de SAV")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="inventory_ticket_closed_has_outcome",
                condition=~Q(status="closed") | (~Q(outcome="") & Q(closed_at__isnull=False)),
                violation_error_message=_("Un ticket clos doit indiquer son issue."),
            )
        ]

    def __str__(self):
        return f"SAV #{self.pk}"
