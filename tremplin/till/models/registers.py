"""Registers (caisses) of a site, their sessions (opening float → counted cash) and the chain heads."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tremplin.core.roles import Role

# Roles that sell at a till (ARCHITECTURE.md §1): never volunteers, referrers or observers.
TILL_ROLES = (Role.SITE_MANAGER, Role.MEDIATOR)


class RegisterQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Network admins see every register; site managers and mediators the registers of their sites."""
        if not user.is_authenticated:
            return self.none()
        if user.is_network_admin:
            return self
        return self.filter(site_id__in=user.site_ids(*TILL_ROLES))

    def usable_by(self, user):
        """Registers the user may sell at: those of the sites where they are site manager or mediator."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(site_id__in=user.site_ids(*TILL_ROLES), is_active=True)


class Register(models.Model):
    site = models.ForeignKey(
        "network.Site", on_delete=models.PROTECT, related_name="registers", verbose_name=_("espace")
    )
    code = models.CharField(
        _("code"),
        max_length=4,
        validators=[RegexValidator(r"^[A-Z0-9]{1,4}$", _("1 à 4 lettres majuscules ou chiffres (par exemple C1)."))],
        help_text=_("Imprimé sur les tickets : LY-C1-000042."),
    )
    name = models.CharField(_("nom"), max_length=60)
    training_mode = models.BooleanField(_("mode formation"), default=False)
    is_active = models.BooleanField(_("en service"), default=True)

    objects = RegisterQuerySet.as_manager()

    class Meta:
        verbose_name = _("caisse")
        verbose_name_plural = _("caisses")
        ordering = ["site__name", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "code"],
                name="till_register_code_unique",
                violation_error_message=_("Cet espace a déjà une caisse avec ce code."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.full_code})"

    def get_absolute_url(self):
        return reverse("till:register", args=[self.pk])

    @property
    def full_code(self):
        """The register's business identifier, printed and hashed: site code + register code (LY-C1)."""
        return f"{self.site.code}-{self.code}"


class RegisterSession(models.Model):
    """One opening of a register: counted float at opening, counted cash at closing, the difference explained.

    A session is a working row until it is closed; what it closes is the daily closure (Z), which is
    immutable and chained (models/journal.py).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Ouverte")
        CLOSED = "closed", _("Clôturée")

    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="sessions")
    training = models.BooleanField(default=False)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opening_float_cents = models.PositiveIntegerField(_("fond de caisse (centimes)"))
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    expected_cash_cents = models.IntegerField(null=True, blank=True)
    counted_cash_cents = models.IntegerField(null=True, blank=True)
    difference_explanation = models.CharField(_("explication de l'écart"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("session de caisse")
        verbose_name_plural = _("sessions de caisse")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "training"],
                condition=Q(status="open"),
                name="till_one_open_session_per_register",
                violation_error_message=_("Cette caisse est déjà ouverte."),
            ),
            models.CheckConstraint(
                name="till_closed_session_is_counted",
                condition=Q(status="open") | Q(closed_at__isnull=False, counted_cash_cents__isnull=False),
                violation_error_message=_("Une session clôturée doit avoir un comptage."),
            ),
        ]

    def __str__(self):
        return f"{self.register_id} {self.opened_at:%Y-%m-%d}"

    @property
    def difference_cents(self):
        if self.counted_cash_cents is None or self.expected_cash_cents is None:
            return None
        return self.counted_cash_cents - self.expected_cash_cents


class ChainHead(models.Model):
    """The end of one chain: its last number and hash. Locked (select_for_update) to append to the chain.

    Scopes: ``sale:<register id>:<0|1>`` (tickets of a register, normal or training),
    ``closure:<register id>:<0|1>`` (its closures) and ``jet`` (the technical event journal).
    Allocating under this lock is what makes ticket numbers gap-free.
    """

    scope = models.CharField(max_length=40, unique=True)
    last_number = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"{self.scope}: {self.last_number}"


class PersonLock(models.Model):
    """A row per person, locked while a sale checks and uses their rights, so two sites never both pass."""

    beneficiary_id = models.UUIDField(unique=True)

    def __str__(self):
        return str(self.beneficiary_id)
