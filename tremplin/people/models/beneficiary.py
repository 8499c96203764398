"""The person record (personne accompagnée). Minimal data, see ARCHITECTURE.md §5."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from tremplin.core.modelfields import IdentifierCharField
from tremplin.core.roles import SITE_CASEWORK_ROLES, Role

from ..names import SEARCH_KEY_LENGTH, SORT_KEY_LENGTH, search_key, sort_key


class ContactChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Appel téléphonique")
    REFERRER = "referrer", _("Par l'intermédiaire du prescripteur")


class Origin(models.TextChoices):
    """How the person first came to the network (kept for statistics)."""

    WALK_IN = "walk_in", _("Venue sans rendez-vous")
    SELF_REFERRAL = "self_referral", _("Demande directe de la personne")
    REFERRAL = "referral", _("Orientée par une structure partenaire")


class Gender(models.TextChoices):
    """Genre, optional, with the national Coop values (for statistics only)."""

    NOT_GIVEN = "non_communique", _("Non communiqué")
    FEMALE = "feminin", _("Féminin")
    MALE = "masculin", _("Masculin")


class SocialStatus(models.TextChoices):
    """Statut social, optional, with the national Coop values (for statistics only)."""

    NOT_GIVEN = "non_communique", _("Non communiqué")
    IN_SCHOOL = "scolarise", _("Scolarisé")
    UNEMPLOYED = "sans_emploi", _("Sans emploi")
    EMPLOYED = "en_emploi", _("En emploi")
    RETIRED = "retraite", _("Retraité")


class EligibilityProofType(models.Model):
    """A kind of proof of eligibility, from a short list the national team keeps.

    Generic on purpose ("attestation de minima sociaux", "quotient familial"…): never which benefit.
    """

    name = models.CharField(_("intitulé"), max_length=150, unique=True)
    is_active = models.BooleanField(_("proposé"), default=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("type de justificatif")
        verbose_name_plural = _("types de justificatif")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


def visible_site_ids(user):
    """The sites whose people `user` may see (`visible_to`): where they are staff, volunteers included."""
    if user is None or not user.is_authenticated:
        return set()
    return user.site_ids(*SITE_CASEWORK_ROLES, Role.VOLUNTEER)


class BeneficiaryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one scoping rule for personal records: staff of a site that follows the person.

        Volunteers are staff too but see a reduced record (views choose the fields); referrers see
        only the people they referred, through the referrals app; observers never see records.
        """
        site_ids = visible_site_ids(user)
        if not site_ids:
            return self.none()
        return self._followed_at_any(site_ids)

    def counted_visible_to(self, user):
        """The people of `visible_to(user)` in the shape a bounded count reads fastest: the sites' links first
        (their site index), then each person by id, stopping at the count's limit — a join, DISTINCT when the
        user has several sites (a person followed by two of them is one row). `visible_to` keeps EXISTS,
        which serves the lists' pages (the order's index walked, each person checked); counted that way,
        SQLite reads every row of the table until the limit (7,200 rows for 1,001 at 100,000 people; issue #14).
        """
        site_ids = visible_site_ids(user)
        if not site_ids:
            return self.none()
        rows = self.filter(sites__in=sorted(site_ids))
        return rows.distinct() if len(site_ids) > 1 else rows

    def casework_visible_to(self, user):
        """Records whose social details (eligibility, consents, notes) the user may read."""
        if not user.is_authenticated:
            return self.none()
        return self._followed_at_any(user.site_ids(*SITE_CASEWORK_ROLES))

    def _followed_at_any(self, site_ids):
        # A subquery on the site links, not a join + DISTINCT: each person once, without making the
        # database de-duplicate every column of every row (docs/performance.md, #4).
        # EXISTS rather than IN: SQLite would otherwise build the whole list of the sites' links before
        # checking one person, and walks the name index for the lists (issue #14).
        links = self.model.sites.through.objects.filter(beneficiary_id=OuterRef("pk"), site_id__in=site_ids)
        return self.filter(Exists(links))

    def in_list_order(self):
        """The lists' order: last name then first name without case or accents (people.names.sort_key)."""
        return self.order_by(*LIST_ORDER)

    def active(self):
        return self.filter(anonymised_at__isnull=True, merged_into__isnull=True)

    def followed_at(self, site):
        return self.filter(sites=site)

    def with_phone(self, phone):
        # Repeats the condition of beneficiary_phone_idx: SQLite uses a partial index only when the
        # query states its condition (PostgreSQL infers it from the equality).
        return self.filter(phone=phone).exclude(phone="")

    def eligible_on(self, day):
        """People with an eligibility check valid on `day` (for the till's solidarity prices)."""
        return self.filter(
            eligibility_records__checked_on__lte=day, eligibility_records__valid_until__gte=day
        ).distinct()


# A save that names one of these fields in update_fields also writes the keys derived from them.
NAME_FIELDS = frozenset({"first_name", "last_name", "birth_name"})
DERIVED_NAME_FIELDS = ("search_name", "sort_last_name", "sort_first_name")
# The order of every list of people (the Meta ordering), served by beneficiary_sort_order_idx.
LIST_ORDER = ("sort_last_name", "sort_first_name", "pk")


class Beneficiary(models.Model):
    # Opaque primary key: URLs and logs never carry a name or a guessable number.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    # The name the person was born with, when they now use another one (married name, say): searched and
    # compared for duplicates like the usage name. Optional.
    birth_name = models.CharField(_("nom de naissance"), max_length=100, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("année de naissance"), null=True, blank=True)
    phone = PhoneNumberField(_("téléphone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    preferred_channel = models.CharField(
        _("moyen de contact préféré"), max_length=10, choices=ContactChannel.choices, default=ContactChannel.SMS
    )
    postal_code = IdentifierCharField(_("code postal"), max_length=5, blank=True)
    commune = models.CharField(_("commune"), max_length=100, blank=True)
    languages = models.CharField(_("langues parlées"), max_length=200, blank=True)
    accommodations = models.TextField(
        _("adaptations demandées"),
        blank=True,
        help_text=_("Ce que la personne a demandé (par exemple « gros caractères »), jamais un diagnostic."),
    )
    # Optional, for the national statistics (Coop de la médiation numérique); never required of the person.
    gender = models.CharField(_("genre"), max_length=20, choices=Gender.choices, default=Gender.NOT_GIVEN)
    social_status = models.CharField(
        _("statut social"), max_length=20, choices=SocialStatus.choices, default=SocialStatus.NOT_GIVEN
    )
    origin = models.CharField(_("arrivée"), max_length=20, choices=Origin.choices, default=Origin.WALK_IN)
    sites = models.ManyToManyField(
        "network.Site", related_name="beneficiaries", verbose_name=_("espaces qui accompagnent la personne")
    )
    # Folded words of every name (see people.names.search_key), kept in sync on save, for search and
    # duplicate detection.
    search_name = models.CharField(max_length=SEARCH_KEY_LENGTH, editable=False, db_index=True)
    # The names as the lists sort them (people.names.sort_key: no case, no accents), kept in sync on save:
    # "de La Fontaine" files under D with "Dupont", not after "RUIZ".
    sort_last_name = models.CharField(max_length=SORT_KEY_LENGTH, editable=False, default="")
    sort_first_name = models.CharField(max_length=SORT_KEY_LENGTH, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_records"
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("personne accompagnée")
        verbose_name_plural = _("personnes accompagnées")
        ordering = ["sort_last_name", "sort_first_name", "id"]
        # Search and duplicate detection look people up by exact phone; most records have one.
        indexes = [
            models.Index(fields=["phone"], condition=~Q(phone=""), name="beneficiary_phone_idx"),
            # The lists' order (folded last name, first name, id): page 1 reads 25 entries, not the whole site
            # sorted, and a keyset page starts its scan at the row it follows.
            models.Index(fields=["sort_last_name", "sort_first_name", "id"], name="beneficiary_sort_order_idx"),
            # The ids of the active records (the condition of `active()`), for the lists' bounded count: the
            # database checks each of the site's links against this short index instead of reading the person's
            # row (PostgreSQL, 100,000 people: 17 ms → 1.3 ms, index-only; SQLite with counted_visible_to; #14).
            models.Index(
                fields=["id"],
                condition=Q(anonymised_at__isnull=True, merged_into__isnull=True),
                name="beneficiary_active_idx",
            ),
            # The records merged into a person (the till, the merge): almost every row has none, and SQLite's
            # statistics count those NULLs as one value shared by the whole table, so the plain foreign-key index
            # looks useless and the table is scanned (100,000 rows, 35 ms on every person page). This index holds
            # the merged records only (SQLite uses it for `merged_into = x` / `IN (…)`, which imply NOT NULL).
            models.Index(
                fields=["merged_into"], condition=Q(merged_into__isnull=False), name="beneficiary_merged_into_idx"
            ),
        ]

    def __str__(self):
        if self.anonymised_at:
            return str(_("Personne anonymisée"))
        return f"{self.first_name} {self.last_name}".strip()

    def save(self, *args, **kwargs):
        self.search_name = search_key(self.first_name, self.last_name, self.birth_name)
        self.sort_last_name = sort_key(self.last_name)
        self.sort_first_name = sort_key(self.first_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and NAME_FIELDS & set(update_fields):
            kwargs["update_fields"] = {*update_fields, *DERIVED_NAME_FIELDS}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:detail", args=[self.pk])

    @property
    def is_active(self):
        return self.anonymised_at is None and self.merged_into_id is None
