"""Eligibility checks: only the outcome (proof type, who checked, when, until when), never the benefit."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def eligibility_valid_days():
    return getattr(settings, "TREMPLIN_ELIGIBILITY_VALID_DAYS", 183)


def default_valid_until(checked_on):
    return checked_on + timedelta(days=eligibility_valid_days())


class EligibilityRecordQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Records whose validity period covers `day` (both ends included)."""
        return self.filter(checked_on__lte=day, valid_until__gte=day)

    def current(self):
        return self.valid_on(timezone.localdate())


class EligibilityRecord(models.Model):
    beneficiary = models.ForeignKey(
        "people.Beneficiary",
        on_delete=models.PROTECT,
        related_name="eligibility_records",
        verbose_name=_("personne"),
    )
    proof_type = models.ForeignKey(
        "people.EligibilityProofType", on_delete=models.PROTECT, related_name="+", verbose_name=_("justificatif vu")
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("vérifié par")
    )
    checked_on = models.DateField(_("vérifié le"), default=timezone.localdate)
    valid_until = models.DateField(_("valable jusqu'au"))
    # A renewal is a new record pointing at the one it extends; each record is renewed at most once.
    renewed_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("renouvelle"),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = EligibilityRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("vérification d'éligibilité")
        verbose_name_plural = _("vérifications d'éligibilité")
        ordering = ["-checked_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="eligibility_valid_after_check",
                condition=Q(valid_until__gte=F("checked_on")),
                violation_error_message=_("La date de fin de validité ne peut pas précéder la date de vérification."),
            ),
            models.UniqueConstraint(
                fields=["renewed_from"],
                name="eligibility_renewed_once",
                violation_error_message=_("Cette attestation a déjà été renouvelée."),
            ),
        ]

    def __str__(self):
        return f"{self.proof_type} — {self.checked_on:%d/%m/%Y} → {self.valid_until:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        if self.valid_until is None and self.checked_on is not None:
            self.valid_until = default_valid_until(self.checked_on)
        super().save(*args, **kwargs)

    def is_valid_on(self, day):
        return self.checked_on <= day <= self.valid_until

    @property
    def is_current(self):
        return self.is_valid_on(timezone.localdate())
