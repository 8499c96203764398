"""The information notice given to a person and their agreement (RGPD: who informed them, when, how)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def current_notice_version():
    """Version of the information notice in force: the last one the national team published."""
    from .notice import InformationNotice

    notice = InformationNotice.objects.current()
    return str(notice.version) if notice else "1"


class ConsentChannel(models.TextChoices):
    IN_PERSON = "in_person", _("En personne, à l'accueil")
    PAPER = "paper", _("Notice papier remise et signée")
    PHONE = "phone", _("Par téléphone")
    REFERRER = "referrer", _("Par l'intermédiaire du prescripteur")


class ConsentQuerySet(models.QuerySet):
    def for_beneficiary(self, beneficiary):
        return self.filter(beneficiary=beneficiary)


class Consent(models.Model):
    """The person was given the information notice (version N) and agreed, on a date, through a channel."""

    beneficiary = models.ForeignKey(
        "people.Beneficiary", on_delete=models.PROTECT, related_name="consents", verbose_name=_("personne")
    )
    given_on = models.DateField(_("date"), default=timezone.localdate)
    channel = models.CharField(_("canal"), max_length=20, choices=ConsentChannel.choices)
    notice_version = models.CharField(_("version de la notice"), max_length=20, default=current_notice_version)
    notice = models.ForeignKey(
        "people.InformationNotice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("notice remise"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("enregistré par")
    )
    recorded_at = models.DateTimeField(_("enregistré le"), auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("information et accord")
        verbose_name_plural = _("informations et accords")
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="consent_notice_version_not_empty",
                condition=~Q(notice_version=""),
                violation_error_message=_("Indiquez la version de la notice d'information remise."),
            ),
        ]

    def __str__(self):
        return f"{self.given_on:%d/%m/%Y} — {self.get_channel_display()} (v{self.notice_version})"
