"""Sites (espaces de solidarité numérique) and partner organisations of the network."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from tremplin.core.modelfields import IdentifierCharField
from tremplin.core.observer_scope import observer_scope
from tremplin.core.roles import Role

from . import opening_hours_display
from .reference import SITE_SERVICES, partner_typologies, typology_label
from .timezones import TIME_ZONE_CHOICES, site_timezone, time_zone_for_postal_code
from .validators import (
    validate_insee_code,
    validate_opening_hours,
    validate_postal_code,
    validate_rna,
    validate_siret,
)


class AddressMixin(models.Model):
    address = models.CharField(_("adresse"), max_length=200)
    postal_code = IdentifierCharField(_("code postal"), max_length=5, validators=[validate_postal_code])
    commune = models.CharField(_("commune"), max_length=100)

    class Meta:
        abstract = True


def _matching(queryset, query, *fields):
    """Rows where every word of `query` appears in one of `fields` (case-insensitive)."""
    for word in query.split():
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


class SiteQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def matching(self, query):
        return _matching(self, query, "name", "code", "commune", "postal_code")

    def visible_to(self, user):
        """Sites are public information; staff lists still show only the sites a user works with, and an
        observer the sites of their scope (tremplin/core/observer_scope.py: memberships, programme grants)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_network_admin:
            return self
        observed = observer_scope(user)
        if observed is not None:
            if observed.site_ids_for_figures is None:
                return self
            return self.filter(pk__in=observed.site_ids_for_figures | user.site_ids())
        return self.filter(pk__in=user.site_ids())

    def managed_by(self, user):
        if user.is_network_admin:
            return self
        return self.filter(pk__in=user.site_ids(Role.SITE_MANAGER))


class Site(AddressMixin):
    name = models.CharField(_("nom"), max_length=150)
    code = models.CharField(
        _("code court"),
        max_length=4,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Z]{2,4}$", _("Le code court compte 2 à 4 lettres majuscules (par exemple LY)."))
        ],
        help_text=_("2 à 4 lettres majuscules, utilisées dans les étiquettes de matériel et les tickets."),
    )
    insee_code = models.CharField(_("code INSEE"), max_length=5, validators=[validate_insee_code])
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    phone = PhoneNumberField(_("téléphone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    siret = IdentifierCharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    rna = IdentifierCharField(_("RNA"), max_length=10, blank=True, upper=True, validators=[validate_rna])
    opening_hours = models.CharField(
        _("horaires d'ouverture"),
        max_length=500,
        blank=True,
        validators=[validate_opening_hours],
        help_text=_("Format OpenStreetMap, par exemple « Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00 »."),
    )
    services = models.JSONField(_("services proposés"), default=list, blank=True)
    accessibility_notes = models.TextField(_("accessibilité"), blank=True)
    directions = models.TextField(
        _("comment venir : transports, repères"),
        blank=True,
        help_text=_("Imprimé sur le bon d'orientation, sous l'adresse. Par exemple « Tram T1, arrêt Saxe-Gambetta »."),
    )
    accepts_walk_ins = models.BooleanField(_("accueille sans rendez-vous"), default=True)
    accepts_self_referrals = models.BooleanField(_("accepte les demandes directes des personnes"), default=True)
    is_active = models.BooleanField(_("ouvert"), default=True)
    time_zone = models.CharField(
        _("fuseau horaire"),
        max_length=40,
        choices=TIME_ZONE_CHOICES,
        blank=True,
        help_text=_(
            "Les horaires des séances sont saisis, affichés, imprimés et rappelés à l'heure de l'espace. "
            "Laissé vide : celui du département (code postal)."
        ),
    )

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("espace")
        verbose_name_plural = _("espaces")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.time_zone:
            self.time_zone = time_zone_for_postal_code(self.postal_code)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "time_zone"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("network:site_detail", args=[self.pk])

    @property
    def tzinfo(self):
        """The site's time zone (see network/timezones.py for the helpers that use it)."""
        return site_timezone(self)

    @property
    def opening_schedule(self):
        return opening_hours_display.weekly_schedule(self.opening_hours)

    @property
    def service_labels(self):
        labels = dict(SITE_SERVICES)
        return [labels.get(value, value) for value in self.services]


class PartnerOrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def matching(self, query):
        return _matching(self, query, "name", "kind", "commune", "postal_code")

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.has_role(Role.NETWORK_ADMIN, Role.OBSERVER) or user.site_ids():
            return self
        return self.filter(pk__in=user.partner_ids())


class PartnerOrganisation(AddressMixin):
    name = models.CharField(_("nom"), max_length=150)
    kind = models.CharField(_("type de structure"), max_length=20, choices=partner_typologies)
    siret = IdentifierCharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    contact_name = models.CharField(_("personne contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    contact_phone = PhoneNumberField(_("téléphone de contact"), blank=True)
    agreement_start = models.DateField(_("début de la convention"), null=True, blank=True)
    agreement_end = models.DateField(_("fin de la convention"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = PartnerOrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("structure partenaire")
        verbose_name_plural = _("structures partenaires")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="partner_agreement_dates_ordered",
                condition=Q(agreement_start__isnull=True)
                | Q(agreement_end__isnull=True)
                | Q(agreement_end__gte=models.F("agreement_start")),
                violation_error_message=_("La fin de la convention ne peut pas précéder son début."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:partner_detail", args=[self.pk])

    @property
    def kind_label(self):
        return typology_label(self.kind)
