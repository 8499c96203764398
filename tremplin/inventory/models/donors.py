"""Donors and the batches of devices they give (dons)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DonorKind(models.TextChoices):
    COMPANY = "company", _("Entreprise")
    PUBLIC_BODY = "public", _("Organisme public")
    ASSOCIATION = "association", _("Association")
    INDIVIDUAL = "individual", _("Particulier")


class Donor(models.Model):
    name = models.CharField(_("nom"), max_length=150)
    kind = models.CharField(_("type de donateur"), max_length=20, choices=DonorKind.choices)
    contact_name = models.CharField(_("contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail du contact"), blank=True)
    notes = models.TextField(_("remarques"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("donateur")
        verbose_name_plural = _("donateurs")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("inventory:donor_detail", args=[self.pk])


class DonationBatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_network_admin:
            return self
        return self.filter(site_id__in=user.site_ids())


class DonationBatch(models.Model):
    """One delivery of devices from a donor to a site (lot de don)."""

    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="batches", verbose_name=_("donateur"))
    site = models.ForeignKey(
        "network.Site", on_delete=models.PROTECT, related_name="donation_batches", verbose_name=_("espace")
    )
    reference = models.CharField(_("référence du lot"), max_length=60, blank=True)
    received_on = models.DateField(_("reçu le"))
    notes = models.TextField(_("remarques"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = DonationBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("lot de don")
        verbose_name_plural = _("lots de don")
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        label = self.reference or f"#{self.pk}"
        return f"{self.donor} — {label} ({self.received_on:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("inventory:batch_detail", args=[self.pk])
