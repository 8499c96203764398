"""Transfers of devices between sites: sent by one site, received (with discrepancies) by another."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.roles import Role


class TransferQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_network_admin:
            return self
        sites = user.site_ids(Role.SITE_MANAGER, Role.MEDIATOR)
        return self.filter(Q(from_site_id__in=sites) | Q(to_site_id__in=sites))


class Transfer(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", _("Envoyé")
        RECEIVED = "received", _("Reçu")

    from_site = models.ForeignKey(
        "network.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("espace d'origine")
    )
    to_site = models.ForeignKey(
        "network.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("espace de destination")
    )
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.SENT)
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    discrepancy_note = models.TextField(_("écarts constatés"), blank=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfert")
        verbose_name_plural = _("transferts")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="inventory_transfer_distinct_sites",
                condition=~Q(from_site=F("to_site")),
                violation_error_message=_("Un transfert relie deux espaces différents."),
            )
        ]

    def __str__(self):
        return f"Transfert #{self.pk}"

    def get_absolute_url(self):
        return reverse("inventory:transfer_detail", args=[self.pk])


class TransferLine(models.Model):
    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="lines")
    device = models.ForeignKey("inventory.Device", on_delete=models.PROTECT, related_name="transfer_lines")
    received = models.BooleanField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["transfer", "device"],
                name="inventory_transferline_unique",
                violation_error_message=_("Cet appareil figure déjà dans ce transfert."),
            )
        ]

    def __str__(self):
        return f"{self.transfer_id}/{self.device_id}"
