"""Referrals (orientations): a partner's social worker sends a person to a site of the network."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from tremplin.core import lookups  # noqa: F401 — registers `__in_constants`
from tremplin.core.dates import display
from tremplin.core.modelfields import IdentifierCharField
from tremplin.core.roles import SITE_CASEWORK_ROLES, Role
from tremplin.network.timezones import site_localtime
from tremplin.people.models import ContactChannel

from . import voucher
from .choices import (
    OPEN_STATUSES,
    ContactOutcome,
    DeclineReason,
    Need,
    Status,
)


def waiting_warning_days():
    return getattr(settings, "TREMPLIN_REFERRAL_WAITING_WARNING_DAYS", 10)


def expiry_days():
    return getattr(settings, "TREMPLIN_REFERRAL_EXPIRY_DAYS", 30)


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one scoping rule for referrals.

        A referrer sees only the referrals they wrote, for a partner they still belong to; site staff
        (managers and mediators) see the referrals addressed to their sites; nobody else sees any.
        """
        if not user.is_authenticated:
            return self.none()
        condition = Q(pk__in=[])
        partner_ids = user.partner_ids(Role.REFERRER)
        if partner_ids:
            condition |= Q(referrer=user, partner_id__in=partner_ids)
        site_ids = user.site_ids(*SITE_CASEWORK_ROLES)
        if site_ids:
            condition |= Q(target_site_id__in=site_ids)
        return self.filter(condition)

    def written_by(self, user):
        return self.filter(referrer=user, partner_id__in=user.partner_ids(Role.REFERRER))

    def received_by(self, user):
        return self.filter(target_site_id__in=user.site_ids(*SITE_CASEWORK_ROLES))

    def open(self):
        # The statuses as literals, as in referral_open_inbox_idx's condition: SQLite uses the partial index
        # only then (tremplin.core.lookups).
        return self.filter(status__in_constants=OPEN_STATUSES)

    def waiting_too_long(self, now=None):
        now = now or timezone.now()
        return self.open().filter(received_at__lt=now - timedelta(days=waiting_warning_days()))

    def with_voucher_code(self, code):
        return self.filter(voucher_code=voucher.normalise(code))

    def open_for_same_person(self, *, partner, first_name, last_name, birth_year):
        """Open referrals of this partner for a person with the same name (typos tolerated) and birth year:
        sending the same person twice is most often a mistake, so the referrer is warned before sending."""
        from tremplin.core.text import normalise
        from tremplin.people.fuzzy import same_person_name

        name = normalise(f"{first_name} {last_name}")
        candidates = self.open().filter(partner=partner, birth_year=birth_year).order_by("-created_at")[:20]
        return [r for r in candidates if same_person_name(name, normalise(f"{r.first_name} {r.last_name}"))]


class Referral(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Who refers: a social worker of a partner organisation.
    partner = models.ForeignKey(
        "network.PartnerOrganisation",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("structure partenaire"),
    )
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referrals_written",
        verbose_name=_("prescripteur·rice"),
    )
    # The site in charge now (it changes when a site transfers the referral).
    target_site = models.ForeignKey(
        "network.Site", on_delete=models.PROTECT, related_name="referrals", verbose_name=_("espace")
    )
    transferred_from = models.ForeignKey(
        "network.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("transférée depuis"),
    )
    # The person, as the referrer described them.
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    # Null only once the person's record is anonymised (the form always asks for it).
    birth_year = models.PositiveSmallIntegerField(_("année de naissance"), null=True)
    phone = PhoneNumberField(_("téléphone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    preferred_channel = models.CharField(
        _("moyen de contact préféré"), max_length=10, choices=ContactChannel.choices, default=ContactChannel.SMS
    )
    postal_code = IdentifierCharField(_("code postal"), max_length=5)
    commune = models.CharField(_("commune"), max_length=100)
    languages = models.CharField(_("langues parlées"), max_length=200, blank=True)
    needs = models.JSONField(_("besoins"), default=list)
    context = models.TextField(_("contexte"), blank=True)
    accommodations = models.TextField(_("adaptations demandées"), blank=True)
    consent_attested = models.BooleanField(_("la personne est d'accord pour être orientée"), default=False)
    eligibility_attested = models.BooleanField(_("la personne remplit les critères du réseau"), default=False)
    proof_type = models.ForeignKey(
        "people.EligibilityProofType",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("type de justificatif"),
    )
    # Lifecycle.
    status = models.CharField(_("état"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    received_at = models.DateTimeField(_("reçue par l'espace le"), default=timezone.now, db_index=True)
    status_changed_at = models.DateTimeField(_("dernier changement d'état"), default=timezone.now)
    decline_reason = models.CharField(_("motif du refus"), max_length=20, choices=DeclineReason.choices, blank=True)
    beneficiary = models.ForeignKey(
        "people.Beneficiary",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("personne accompagnée"),
    )
    anonymised_at = models.DateTimeField(_("anonymisée le"), null=True, blank=True)
    voucher_code = models.CharField(_("code du bon"), max_length=8, editable=False)
    idempotency_key = models.UUIDField(editable=False)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        ordering = ["received_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["voucher_code"],
                name="referral_voucher_code_unique",
                violation_error_message=_("Ce code de bon d'orientation existe déjà."),
            ),
            models.UniqueConstraint(
                fields=["idempotency_key"],
                name="referral_idempotency_key_unique",
                violation_error_message=_("Cette orientation a déjà été envoyée."),
            ),
            models.CheckConstraint(
                name="referral_consent_attested",
                condition=Q(consent_attested=True),
                violation_error_message=_("L'accord de la personne est obligatoire pour l'orienter."),
            ),
            models.CheckConstraint(
                name="referral_eligibility_attested",
                condition=Q(eligibility_attested=True, proof_type__isnull=False),
                violation_error_message=_("Attestez l'éligibilité et choisissez le type de justificatif."),
            ),
            models.CheckConstraint(
                name="referral_has_a_way_to_reach_the_person",
                condition=~Q(phone="", email="")
                | Q(preferred_channel=ContactChannel.REFERRER)
                | Q(anonymised_at__isnull=False),
                violation_error_message=_(
                    "Indiquez un téléphone ou un e-mail, ou choisissez « par l'intermédiaire du prescripteur »."
                ),
            ),
            models.CheckConstraint(
                name="referral_accepted_has_beneficiary",
                condition=~Q(status=Status.ACCEPTED) | Q(beneficiary__isnull=False),
                violation_error_message=_("Une orientation acceptée est reliée à une personne accompagnée."),
            ),
            models.CheckConstraint(
                name="referral_declined_has_reason",
                condition=~Q(status=Status.DECLINED) | ~Q(decline_reason=""),
                violation_error_message=_("Indiquez le motif du refus."),
            ),
        ]
        indexes = [
            # With the id: the inbox's bounded count of a site's open referrals reads this index only (SQLite: 1,001
            # row lookups for the id otherwise, 3 ms → 0.1 ms at 120,000 referrals).
            models.Index(fields=["target_site", "status", "received_at", "id"], name="referral_inbox_idx"),
            # The inbox (open referrals of a site, oldest first) without walking the closed history.
            models.Index(
                fields=["target_site", "received_at", "id"],
                condition=Q(status__in=OPEN_STATUSES),
                name="referral_open_inbox_idx",
            ),
            # Every referral of a site in the inbox's order ("Toutes", keyset pages): without it SQLite reads the
            # site's whole history and sorts it for each page (60 ms at 15,662 referrals, against 0.2 ms).
            models.Index(fields=["target_site", "received_at", "id"], name="referral_site_received_idx"),
        ]

    def __str__(self):
        return str(_("Orientation %(code)s") % {"code": self.display_code})

    @property
    def person_name(self):
        if self.anonymised_at:
            return str(_("Personne anonymisée"))
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def display_code(self):
        return voucher.display(self.voucher_code)

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def need_labels(self):
        labels = dict(Need.choices)
        return [labels.get(value, value) for value in self.needs]

    @property
    def waiting_days(self):
        return (timezone.now() - self.received_at).days

    @property
    def is_waiting_too_long(self):
        return self.is_open and self.waiting_days > waiting_warning_days()

    @property
    def valid_until(self):
        """The date after which an uncontacted referral expires (printed on the voucher), at the site's."""
        return site_localtime(self.received_at + timedelta(days=expiry_days()), self.target_site).date()


class ContactAttempt(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="contact_attempts")
    at = models.DateTimeField(_("date"))
    channel = models.CharField(_("moyen"), max_length=10, choices=ContactChannel.choices)
    outcome = models.CharField(_("résultat"), max_length=20, choices=ContactOutcome.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tentative de contact")
        verbose_name_plural = _("tentatives de contact")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_channel_display()} — {self.get_outcome_display()}"


class ReferralStatusChange(models.Model):
    """History of a referral's status, with dates: what the referrer sees of the site's work."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("état"), max_length=12, choices=Status.choices)
    at = models.DateTimeField(_("date"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    site = models.ForeignKey("network.Site", on_delete=models.PROTECT, related_name="+")
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)

    class Meta:
        verbose_name = _("changement d'état")
        verbose_name_plural = _("changements d'état")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d} {self.status}"


class ReminderDigest(models.Model):
    """One row per site and day a waiting-referrals reminder was sent: the command runs at most once a day."""

    site = models.ForeignKey("network.Site", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    referral_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "day"],
                name="referral_reminder_once_per_site_per_day",
                violation_error_message=_("Le rappel du jour a déjà été envoyé pour cet espace."),
            )
        ]

    def __str__(self):
        return f"{self.site_id} {self.day}"


def callback_retention_days():
    return getattr(settings, "TREMPLIN_CALLBACK_RETENTION_DAYS", 90)


class CallbackRequestQuerySet(models.QuerySet):
    def received_by(self, user):
        """The requests of the sites where `user` handles referrals (the same people as the inbox)."""
        return self.filter(site_id__in=user.site_ids(*SITE_CASEWORK_ROLES))

    def waiting(self):
        return self.filter(called_at__isnull=True)

    def past_retention(self, now=None):
        return self.filter(created_at__lt=(now or timezone.now()) - timedelta(days=callback_retention_days()))


class CallbackRequest(models.Model):
    """A self-referral from the public pages ("Être rappelé·e"): a person asks a site to call them back.

    Only what the call needs is kept: a first name, a phone number, the need. No IP address. Deleted
    `TREMPLIN_CALLBACK_RETENTION_DAYS` after it was sent (the daily `expire_referrals` command), as the
    notice on the form says.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    site = models.ForeignKey(
        "network.Site", on_delete=models.CASCADE, related_name="callback_requests", verbose_name=_("espace")
    )
    first_name = models.CharField(_("prénom"), max_length=60)
    phone = PhoneNumberField(_("téléphone"))
    need = models.CharField(_("besoin"), max_length=20, choices=Need.choices)
    message = models.CharField(_("précisions"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now, db_index=True)
    # Handled: the person was reached, the number is wrong, or a record was made from the request.
    called_at = models.DateTimeField(_("traitée le"), null=True, blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The last call's result (CALLBACK_OUTCOMES); « pas de réponse » and « message laissé » keep it waiting.
    outcome = models.CharField(
        _("résultat du dernier appel"), max_length=20, choices=ContactOutcome.choices, blank=True
    )
    last_attempt_at = models.DateTimeField(_("dernier appel le"), null=True, blank=True)
    # The person's record made from this request (people.signals.beneficiary_created_from).
    beneficiary = models.ForeignKey(
        "people.Beneficiary",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="callback_requests",
        verbose_name=_("fiche créée"),
    )

    objects = CallbackRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande de rappel")
        verbose_name_plural = _("demandes de rappel")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["site", "called_at", "created_at"], name="callback_inbox_idx")]

    def __str__(self):
        # The day the person sent it, where the site is (core.dates: a sentence takes the long date, « 1er »).
        return str(
            _("Demande de rappel du %(date)s") % {"date": display(self.created_at, "date_long", self.site.tzinfo)}
        )

    @property
    def need_label(self):
        return Need(self.need).label if self.need in Need.values else self.need

    @property
    def deleted_on(self):
        """The day the request is deleted (site's local date)."""
        return site_localtime(self.created_at + timedelta(days=callback_retention_days()), self.site).date()
