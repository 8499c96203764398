"""Messages to the people a site accompanies: one row per message, whatever the channel."""

import uuid
from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    # No automatic message: staff phone the person (the "Messages à transmettre" list).
    PHONE = "phone", _("Appel téléphonique")
    # E-mail to the referrer who follows the person (found through a relay, see relays.py).
    REFERRER = "referrer", _("E-mail au prescripteur")


class Kind(models.TextChoices):
    ENROLMENT_CONFIRMATION = "enrolment_confirmation", _("Confirmation d'inscription")
    REMINDER_2_DAYS = "reminder_2_days", _("Rappel deux jours avant")
    REMINDER_SAME_DAY = "reminder_same_day", _("Rappel le matin même")
    CANCELLATION = "cancellation", _("Annulation")
    MOVE = "move", _("Changement de date ou de lieu")
    WAITLIST_PROMOTION = "waitlist_promotion", _("Place libérée (liste d'attente)")
    OTHER = "other", _("Autre")


class Status(models.TextChoices):
    QUEUED = "queued", _("En attente d'envoi")
    SENDING = "sending", _("En cours d'envoi")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec")
    CANCELLED = "cancelled", _("Annulé")
    EXPIRED = "expired", _("Expiré (trop tard pour l'envoyer)")


# A message that failed for good is offered to the call list for this long.
FAILED_CALL_WINDOW = timedelta(days=7)


class MessageQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Messages about the people the user may see (Beneficiary.objects.visible_to is the rule)."""
        from tremplin.people.models import Beneficiary

        return self.filter(recipient__in=Beneficiary.objects.visible_to(user).values("pk"))

    def due(self, now):
        """Queued messages whose time has come (and whose retry delay, if any, has passed)."""
        return self.filter(status=Status.QUEUED, due_at__lte=now).filter(
            Q(retry_at__isnull=True) | Q(retry_at__lte=now)
        )

    def to_call(self, now=None):
        """Messages staff must pass on by telephone: phone-channel ones waiting, and recent ones that
        failed for good on another channel (still useful: no deadline, or a deadline not yet passed)."""
        now = now or timezone.now()
        failed = Q(status=Status.FAILED, due_at__gte=now - FAILED_CALL_WINDOW) & (
            Q(not_after__isnull=True) | Q(not_after__gt=now)
        )
        return self.filter(Q(channel=Channel.PHONE, status=Status.QUEUED) | failed)

    def sms_sent(self):
        return self.filter(channel=Channel.SMS, status=Status.SENT)


class Message(models.Model):
    # Opaque id for URLs.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # PROTECT: anonymising a person keeps the row (and the monthly counts); a record is never deleted.
    recipient = models.ForeignKey(
        "people.Beneficiary", on_delete=models.PROTECT, related_name="messages", verbose_name=_("destinataire")
    )
    site = models.ForeignKey(
        "network.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("espace"),
    )
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("type de message"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    # The subject travels in clear through mail servers: never a name or anything personal in it.
    subject = models.CharField(_("objet"), max_length=150)
    body = models.TextField(_("texte de l'e-mail"))
    sms_body = models.TextField(_("texte du SMS"), blank=True)
    action_url = models.URLField(_("lien"), max_length=500, blank=True)
    due_at = models.DateTimeField(_("à envoyer à partir de"), db_index=True)
    not_after = models.DateTimeField(_("à ne plus envoyer après"), null=True, blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    retry_at = models.DateTimeField(_("nouvelle tentative à partir de"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The error class only (e.g. "SmsError:http_503"): never an address, a number or a message text.
    last_error = models.CharField(_("dernière erreur"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    provider_message_id = models.CharField(_("identifiant chez le fournisseur"), max_length=100, blank=True)
    encoding = models.CharField(_("codage SMS"), max_length=5, blank=True)
    segments = models.PositiveSmallIntegerField(_("segments SMS"), default=0)
    dedupe_key = models.CharField(_("clé d'unicité"), max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("traité par"),
    )

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["status", "due_at"], name="message_status_due_idx")]
        constraints = [
            models.CheckConstraint(
                name="message_sent_has_date",
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                violation_error_message=_("Un message envoyé doit avoir une date d'envoi."),
            ),
            models.CheckConstraint(
                name="message_not_after_after_due",
                condition=Q(not_after__isnull=True) | Q(not_after__gt=models.F("due_at")),
                violation_error_message=_("La date limite d'envoi doit suivre la date d'envoi prévue."),
            ),
        ]

    def __str__(self):
        return f"Message #{self.pk} ({self.kind}, {self.channel}, {self.status})"
