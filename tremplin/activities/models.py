"""Activity records (compte rendu d'activité, CRA) in the shape of the national Coop model."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tremplin.core.modelfields import IdentifierCharField
from tremplin.core.roles import SITE_ROLES

from . import choices


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Records of the sites where the user works (any site role); the national team sees all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_network_admin:
            return self
        return self.filter(site_id__in=user.site_ids(*SITE_ROLES))

    def individual(self):
        return self.filter(kind=choices.INDIVIDUAL)

    def collective(self):
        return self.filter(kind=choices.COLLECTIVE)

    def involving(self, beneficiary):
        """Records about the person (individual) or naming them as a participant (collective).

        A UNION of two indexed id lookups rather than an OR across the participants join + DISTINCT,
        which made the database filter every record of the user's sites (docs/performance.md, #3).
        """
        ids = (
            Activity.objects.filter(beneficiary=beneficiary)
            .order_by()
            .values("pk")
            .union(
                Activity.participants.through.objects.filter(beneficiary=beneficiary).order_by().values("activity_id")
            )
        )
        return self.filter(pk__in=ids)


class Activity(models.Model):
    # Opaque id for URLs.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    site = models.ForeignKey(
        "network.Site", on_delete=models.PROTECT, related_name="activities", verbose_name=_("espace")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="recorded_activities",
        verbose_name=_("médiateur·rice"),
    )
    date = models.DateField(_("date"), db_index=True)
    kind = models.CharField(_("type"), max_length=20, choices=choices.kind_choices())
    duration = models.PositiveSmallIntegerField(_("durée (minutes)"))
    thematiques = models.JSONField(_("thématiques"), default=list)
    equipment = models.JSONField(_("matériel utilisé"), default=list, blank=True)
    autonomy = models.CharField(_("autonomie"), max_length=30, choices=choices.autonomy_choices(), blank=True)
    level = models.CharField(_("niveau de l'atelier"), max_length=20, choices=choices.level_choices(), blank=True)
    title = models.CharField(_("nom de l'atelier"), max_length=150, blank=True)
    place = models.CharField(_("lieu"), max_length=20, choices=choices.place_choices(), default=choices.AT_SITE)
    place_postal_code = IdentifierCharField(_("code postal du lieu"), max_length=5, blank=True)
    place_commune = models.CharField(_("commune du lieu"), max_length=100, blank=True)
    redirected_to = models.CharField(
        _("personne réorientée vers"), max_length=40, choices=choices.redirection_choices(), blank=True
    )
    # The person is optional: anonymous records are allowed, as in the national model.
    beneficiary = models.ForeignKey(
        "people.Beneficiary",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="individual_activities",
        verbose_name=_("personne accompagnée"),
    )
    participants = models.ManyToManyField(
        "people.Beneficiary", blank=True, related_name="collective_activities", verbose_name=_("participants")
    )
    # Everyone who took part, named or not (the national accompagnements_count).
    participant_count = models.PositiveSmallIntegerField(_("nombre de participants"), default=1)
    # Anonymous participants of a collective activity counted per Coop age band ({"vingt_cinq_trente_neuf": 3}),
    # so that age statistics add up to participant_count: named participants count by their birth year,
    # these by their band, the rest as "non communiqué" (see anonymous_headcount / unnamed_remainder).
    anonymous_age_bands = models.JSONField(_("participants anonymes par tranche d'âge"), default=dict, blank=True)
    # Where the record comes from when another room wrote it (e.g. "workshops.session" + the session id),
    # so that taking attendance again updates the same record.
    source = models.CharField(max_length=40, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activité")
        verbose_name_plural = _("activités")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["site", "date"], name="activity_site_date_idx"),
            # The list's order network-wide (newest first): page 1 and the ids of deep pages read the index.
            models.Index(fields=["-date", "-id"], name="activity_date_id_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="activity_kind_national",
                condition=Q(kind__in=[value for value, _label in choices.kind_choices()]),
                violation_error_message=_("Type d'activité inconnu."),
            ),
            models.CheckConstraint(
                name="activity_duration_range",
                condition=Q(duration__gte=1, duration__lte=720),
                violation_error_message=_("La durée doit être comprise entre 1 minute et 12 heures."),
            ),
            models.CheckConstraint(
                name="activity_individual_has_one_participant",
                condition=~Q(kind=choices.INDIVIDUAL) | Q(participant_count=1),
                violation_error_message=_("Un accompagnement individuel concerne une seule personne."),
            ),
            models.CheckConstraint(
                name="activity_participant_count_positive",
                condition=Q(participant_count__gte=1),
                violation_error_message=_("Il faut au moins un participant."),
            ),
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~Q(source=""),
                name="activity_unique_source",
                violation_error_message=_("Cette séance a déjà son compte rendu d'activité."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.date:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("activities:detail", args=[self.uuid])

    def clean(self):
        """Cross-field rules of the national model, with a French message next to the field."""
        errors = {}
        known_thematiques = {value for value, _label in choices.thematique_choices()}
        if not self.thematiques:
            errors["thematiques"] = _("Choisissez au moins une thématique.")
        elif any(value not in known_thematiques for value in self.thematiques):
            errors["thematiques"] = _("Thématique inconnue.")
        known_equipment = {value for value, _label in choices.equipment_choices()}
        if any(value not in known_equipment for value in self.equipment or []):
            errors["equipment"] = _("Matériel inconnu.")
        elif choices.NO_EQUIPMENT in (self.equipment or []) and len(self.equipment) > 1:
            errors["equipment"] = _("« Pas de matériel » ne peut pas être coché avec un matériel.")
        if self.kind == choices.INDIVIDUAL:
            if self.level:
                errors["level"] = _("Le niveau ne concerne que les ateliers collectifs.")
            if self.participant_count != 1:
                errors["participant_count"] = _("Un accompagnement individuel concerne une seule personne.")
        elif self.kind == choices.COLLECTIVE:
            if self.autonomy:
                errors["autonomy"] = _("L'autonomie ne concerne que les accompagnements individuels.")
            if self.beneficiary_id:
                errors["beneficiary"] = _("Pour un atelier collectif, les participants sont notés à l'émargement.")
        headcount_error = self._check_anonymous_age_bands()
        if headcount_error:  # on the participant count: the field the forms show next to the bands
            errors.setdefault("participant_count", headcount_error)
        if self.place in ("domicile", "autre"):
            if not self.place_postal_code:
                errors["place_postal_code"] = _("Indiquez le code postal du lieu.")
            if not self.place_commune:
                errors["place_commune"] = _("Indiquez la commune du lieu.")
        if errors:
            raise ValidationError(errors)

    def _check_anonymous_age_bands(self):
        bands = self.anonymous_age_bands or {}
        if not bands:
            return None
        if not isinstance(bands, dict):
            return _("Décompte par tranche d'âge illisible.")
        if self.kind != choices.COLLECTIVE:
            return _("Le décompte par tranche d'âge ne concerne que les ateliers collectifs.")
        known = {value for value, _label in choices.age_band_choices()}
        if any(key not in known for key in bands):
            return _("Tranche d'âge inconnue.")
        if any(not isinstance(count, int) or isinstance(count, bool) or count < 0 for count in bands.values()):
            return _("Un décompte par tranche d'âge est un nombre entier positif ou nul.")
        total = sum(bands.values())
        if self.pk:  # named participants (from attendance) are counted by their birth year, not here
            total += self.participants.count()
        if total > (self.participant_count or 0):
            return _(
                "Le décompte par tranche d'âge (%(total)s personnes) dépasse le nombre de participants (%(count)s)."
            ) % {"total": total, "count": self.participant_count}
        return None

    @property
    def anonymous_headcount(self):
        """Anonymous participants counted by age band (0 when none was entered)."""
        return sum((self.anonymous_age_bands or {}).values())

    @property
    def is_collective(self):
        return self.kind == choices.COLLECTIVE

    @property
    def duration_display(self):
        return choices.duration_label(self.duration)

    @property
    def thematique_labels(self):
        return [choices.label(choices.thematique_choices(), value) for value in self.thematiques]

    @property
    def equipment_labels(self):
        return [choices.label(choices.equipment_choices(), value) for value in self.equipment]
