"""What the operations room keeps: job runs, the access log's monthly counts, retention notes, withdrawals."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """One run of a scheduled job (tremplin/ops/registry.py): when, how long, what it counted, whether it failed.

    `counts` (tremplin/core/jobreport.py) make the French summary of the jobs page; `output` is what the command
    printed, for the national team's troubleshooting."""

    class Outcome(models.TextChoices):
        RUNNING = "running", _("En cours")
        OK = "ok", _("Réussie")
        FAILED = "failed", _("Échec")

    job = models.CharField(_("tâche"), max_length=60, db_index=True)
    started_at = models.DateTimeField(_("début"), db_index=True)
    finished_at = models.DateTimeField(_("fin"), null=True, blank=True)
    outcome = models.CharField(_("résultat"), max_length=10, choices=Outcome.choices, default=Outcome.RUNNING)
    counts = models.JSONField(_("décomptes"), default=dict, blank=True)
    # What the job printed (counts, ids), or the error class, scrubbed of addresses and phone numbers.
    output = models.CharField(_("sortie de la commande"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("exécution de tâche")
        verbose_name_plural = _("exécutions de tâches")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["job", "-started_at"], name="ops_jobrun_job_started")]

    def __str__(self):
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M} {self.outcome}"


class AccessLogMonth(models.Model):
    """What remains of the access log after its retention: counts per month, action and type of record."""

    month = models.DateField(_("mois"))
    action = models.CharField(_("action"), max_length=20)
    object_type = models.CharField(_("type d'objet"), max_length=100)
    count = models.PositiveIntegerField(_("nombre"))

    class Meta:
        verbose_name = _("décompte mensuel du journal d'accès")
        verbose_name_plural = _("décomptes mensuels du journal d'accès")
        ordering = ["-month", "object_type", "action"]
        constraints = [
            models.UniqueConstraint(fields=["month", "action", "object_type"], name="ops_accesslogmonth_unique")
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.object_type} {self.action}: {self.count}"


class ContactNote(models.Model):
    """A contact with the person that no other record shows, counted by the retention rule.

    - "kept": a site manager recorded why the record is still needed (the person is still accompanied);
    - "record_change": the last change of the record, carried over when the access log entries are purged.
    """

    class Kind(models.TextChoices):
        KEPT = "kept", _("Contact noté par l'espace")
        RECORD_CHANGE = "record_change", _("Modification de la fiche")

    beneficiary = models.ForeignKey(
        "people.Beneficiary", on_delete=models.PROTECT, related_name="contact_notes", verbose_name=_("personne")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("date"), db_index=True)
    reason = models.CharField(_("motif"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("contact noté")
        verbose_name_plural = _("contacts notés")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.kind} {self.at:%Y-%m-%d}"


class ConsentWithdrawal(models.Model):
    """The person withdrew the agreement given at reception: no message leaves any more."""

    beneficiary = models.OneToOneField(
        "people.Beneficiary", on_delete=models.PROTECT, related_name="consent_withdrawal", verbose_name=_("personne")
    )
    withdrawn_at = models.DateTimeField(_("retiré le"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("enregistré par")
    )

    class Meta:
        verbose_name = _("retrait du consentement")
        verbose_name_plural = _("retraits du consentement")

    def __str__(self):
        return f"retrait {self.withdrawn_at:%Y-%m-%d}"
