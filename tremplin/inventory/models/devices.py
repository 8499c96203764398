"""Refurbished devices, their status history and their data-erasure record."""

import re

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.formfields import compact_identifier
from tremplin.core.modelfields import IdentifierCharField, choice_label
from tremplin.core.roles import Role

from .stock import KEY_COLUMNS, StockCount, stock_key


class Category(models.TextChoices):
    LAPTOP = "laptop", _("Ordinateur portable")
    DESKTOP = "desktop", _("Ordinateur fixe")
    SMARTPHONE = "smartphone", _("Smartphone")
    TABLET = "tablet", _("Tablette")
    SCREEN = "screen", _("Écran")
    ACCESSORY = "accessory", _("Accessoire")


# The short code of each category inside asset tags (LY-PC-2026-00042).
CATEGORY_TAG_CODES = {
    Category.LAPTOP: "PC",
    Category.DESKTOP: "UC",
    Category.SMARTPHONE: "TEL",
    Category.TABLET: "TAB",
    Category.SCREEN: "ECR",
    Category.ACCESSORY: "ACC",
}
# An asset tag with its dashes removed: site code (2-4 letters), category code, year, number.
_TAG_CATEGORY_CODES = "|".join(sorted(set(CATEGORY_TAG_CODES.values())))
ASSET_TAG_RE = re.compile(rf"^([A-Z]{{2,4}}?)({_TAG_CATEGORY_CODES})(\d{{4}})(\d{{1,5}})$")
COMPUTER_CATEGORIES = frozenset({Category.LAPTOP, Category.DESKTOP})
# Categories identified by an IMEI rather than (or as well as) a serial number.
MOBILE_CATEGORIES = frozenset({Category.SMARTPHONE, Category.TABLET})
# Categories whose battery health is recorded.
BATTERY_CATEGORIES = frozenset({Category.LAPTOP, Category.SMARTPHONE, Category.TABLET})


class Status(models.TextChoices):
    RECEIVED = "received", _("Reçu")
    DIAGNOSIS = "diagnosis", _("En diagnostic")
    ERASED = "erased", _("Données effacées")
    REFURBISHED = "refurbished", _("Reconditionné")
    GRADED = "graded", _("Classé")
    AVAILABLE = "available", _("Disponible")
    RESERVED = "reserved", _("Réservé")
    SOLD = "sold", _("Vendu")
    RETURNED = "returned", _("Retourné (à diagnostiquer)")
    PARTS = "parts", _("Pour pièces")
    RECYCLED = "recycled", _("Recyclé (DEEE)")


# Statuses counted as "in stock" at a site.
IN_STOCK_STATUSES = frozenset(
    {
        Status.RECEIVED,
        Status.DIAGNOSIS,
        Status.ERASED,
        Status.REFURBISHED,
        Status.GRADED,
        Status.AVAILABLE,
        Status.RESERVED,
        Status.RETURNED,
    }
)

# The same, in one fixed order (stable SQL text for the dashboard's queries).
IN_STOCK_LIST = sorted(IN_STOCK_STATUSES)


class Grade(models.TextChoices):
    PREMIUM = "premium", _("Premium")
    A = "A", _("A")
    B = "B", _("B")
    C = "C", _("C")
    UNSELLABLE = "unsellable", _("Non vendable")


# Best first: grading picks the first grade whose thresholds a device meets.
GRADE_ORDER = [Grade.PREMIUM, Grade.A, Grade.B, Grade.C]


class Condition(models.TextChoices):
    EXCELLENT = "excellent", _("Comme neuf")
    GOOD = "good", _("Bon état")
    FAIR = "fair", _("Traces d'usage")
    POOR = "poor", _("Abîmé")


CONDITION_RANK = {Condition.EXCELLENT: 4, Condition.GOOD: 3, Condition.FAIR: 2, Condition.POOR: 1}


class AssetTagCounter(models.Model):
    """The last sequence number used for (site, category code, year); locked while allocating."""

    site = models.ForeignKey("network.Site", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=4)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "code", "year"],
                name="inventory_assettagcounter_unique",
                violation_error_message=_("Ce compteur d'étiquettes existe déjà."),
            )
        ]

    def __str__(self):
        return f"{self.site_id}-{self.code}-{self.year}: {self.last_value}"


def code_key(text):
    """An asset tag or serial number as label lookups compare it: separators removed, upper-case."""
    return compact_identifier((text or "").strip(), upper=True)


class DeviceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Network admins see every device; site staff (volunteers included) the devices of their sites."""
        if not user.is_authenticated:
            return self.none()
        if user.is_network_admin:
            return self
        return self.filter(site_id__in=user.site_ids(Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER))

    def in_stock(self):
        return self.filter(status__in=IN_STOCK_STATUSES)

    def available(self):
        return self.filter(status=Status.AVAILABLE)

    def at_site(self, site):
        return self.filter(site=site)

    def find_by_label(self, text):
        """A device whose asset tag, serial number or IMEI is `text`, as a scanner or a person types it.

        Separators and case do not count: "ly pc 2026 00042" or "LYPC202600042" is LY-PC-2026-00042, and
        "35 209900 176148 1" is the IMEI 352099001761481.
        """
        condition = label_condition(text)
        return self.none() if condition is None else self.filter(condition)

    def search(self, text):
        """Devices found by the list's search box: by label (find_by_label), or a brand or model containing `text`.

        One condition, so that the caller's filters (site, status…) apply once to all of it and PostgreSQL
        can combine the indexes: the label keys', the trigram indexes of UPPER(brand) and UPPER(model_name)
        (migration 0007), and the site's.
        """
        condition = Q(model_name__icontains=text) | Q(brand__icontains=text)
        label = label_condition(text)
        return self.filter(condition if label is None else label | condition)


def label_condition(text):
    """The condition of find_by_label() as a Q (None when `text` holds no character of a code)."""
    compact = code_key(text)
    if not compact:
        return None
    # Plain equality on the stored compact keys, each answered by its own index (UPPER() or iexact
    # would need an expression index, and `iexact` is a LIKE on SQLite that no index serves).
    condition = (
        Q(asset_tag_key=compact)
        | (Q(serial_key=compact) & ~Q(serial_key=""))
        | (Q(imei=compact) & ~Q(imei=""))  # states the partial unique index's condition (SQLite)
    )
    tag = ASSET_TAG_RE.match(compact)
    if tag:  # the number typed without its leading zeros: "LY PC 2026 42"
        site_code, category_code, year, number = tag.groups()
        condition |= Q(asset_tag_key=f"{site_code}{category_code}{year}{int(number):05d}")
    return condition


class Device(models.Model):
    asset_tag = models.CharField(_("numéro d'inventaire"), max_length=24, unique=True, editable=False)
    site = models.ForeignKey("network.Site", on_delete=models.PROTECT, related_name="devices", verbose_name=_("espace"))
    batch = models.ForeignKey(
        "inventory.DonationBatch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="devices",
        verbose_name=_("lot de don"),
    )
    category = models.CharField(_("catégorie"), max_length=20, choices=Category.choices)
    brand = models.CharField(_("marque"), max_length=60)
    model_name = models.CharField(_("modèle"), max_length=100)
    serial_number = models.CharField(_("numéro de série"), max_length=60, blank=True)
    imei = IdentifierCharField(_("IMEI"), max_length=15, blank=True)
    cpu = models.CharField(_("processeur"), max_length=100, blank=True)
    ram_gb = models.PositiveSmallIntegerField(_("mémoire vive (Go)"), null=True, blank=True)
    storage_gb = models.PositiveIntegerField(_("stockage (Go)"), null=True, blank=True)
    screen_inches = models.DecimalField(
        _("taille d'écran (pouces)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    operating_system = models.CharField(_("système d'exploitation"), max_length=60, blank=True)
    battery_health = models.PositiveSmallIntegerField(
        _("santé de la batterie (%)"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    cosmetic_condition = models.CharField(
        _("état esthétique"), max_length=10, choices=Condition.choices, default=Condition.GOOD
    )
    condition_notes = models.TextField(_("remarques sur l'état"), blank=True)

    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    status_changed_at = models.DateTimeField(_("statut changé le"), default=timezone.now)

    grade = models.CharField(_("grade"), max_length=12, choices=Grade.choices, blank=True)
    computed_grade = models.CharField(_("grade calculé"), max_length=12, choices=Grade.choices, blank=True)
    grade_override_reason = models.CharField(_("motif de la correction du grade"), max_length=200, blank=True)
    solidarity_price = models.DecimalField(_("prix solidaire"), max_digits=8, decimal_places=2, null=True, blank=True)
    market_price = models.DecimalField(_("prix de référence"), max_digits=8, decimal_places=2, null=True, blank=True)

    reserved_for = models.ForeignKey(
        "people.Beneficiary",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reserved_devices",
        verbose_name=_("réservé pour"),
    )
    reserved_until = models.DateTimeField(_("réservé jusqu'au"), null=True, blank=True)
    sold_to = models.ForeignKey(
        "people.Beneficiary",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bought_devices",
        verbose_name=_("vendu à"),
    )
    sold_at = models.DateTimeField(_("vendu le"), null=True, blank=True)
    warranty_until = models.DateField(_("garantie jusqu'au"), null=True, blank=True)
    recycler = models.CharField(_("recycleur"), max_length=150, blank=True)
    recycled_on = models.DateField(_("recyclé le"), null=True, blank=True)

    received_at = models.DateTimeField(_("reçu le"), default=timezone.now)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What label lookups compare with (code_key()): "LYPC202600042" for LY-PC-2026-00042. Set by save();
    # writers that bypass it (bulk_create in the bench) set them too.
    asset_tag_key = models.CharField(max_length=24, editable=False, default="")
    serial_key = models.CharField(max_length=60, editable=False, blank=True, default="")

    objects = DeviceQuerySet.as_manager()

    # Read once per row of every device list: from a dict built once (core.modelfields.choice_label).
    get_status_display = choice_label("status", Status.choices)
    get_category_display = choice_label("category", Category.choices)
    get_grade_display = choice_label("grade", Grade.choices)

    class Meta:
        verbose_name = _("appareil")
        verbose_name_plural = _("appareils")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["site", "status"], name="inventory_device_site_status"),
            # Label lookups (scan box, list search, till): equality on the compact keys.
            models.Index(fields=["asset_tag_key"], name="device_asset_tag_key_idx"),
            models.Index(fields=["serial_key"], name="device_serial_key_idx"),
            # The device list's order (newest first), network-wide and per site: page 1 and keyset pages
            # read 25 index entries instead of sorting the stock.
            models.Index(fields=["-received_at", "-id"], name="device_list_order_idx"),
            models.Index(fields=["site", "-received_at", "-id"], name="device_site_list_order_idx"),
            # The list filtered by status and category (its usual filters), per site and network-wide: the bounded
            # count is an index-only scan and page 1 reads 25 entries, instead of the heap rows of every match.
            models.Index(
                fields=["site", "status", "category", "-received_at", "-id"], name="device_site_filter_order_idx"
            ),
            models.Index(fields=["status", "category", "-received_at", "-id"], name="device_filter_order_idx"),
            # The list's search box within a site (search()): every column the condition reads, so that the bounded
            # count is an index-only scan of the site's entries on both engines, instead of the heap row of each of
            # the site's devices (PostgreSQL's trigram bitmap still has to recheck every match's row).
            models.Index(
                fields=["site", "model_name", "brand", "asset_tag_key", "serial_key", "imei"],
                name="device_site_search_idx",
            ),
            # Stock dashboard: its counts come from StockCount (models/stock.py); it reads devices only for the ages of
            # the stock received in the last 180 days and the sales of the last 30 days, each from an index whose
            # leading columns are the query's equalities (status, then site for a site's page) and then its date
            # range, so that both engines read the window's entries of the right statuses and nothing else.
            # Not partial indexes: SQLite uses a partial index only when the query states its condition with literal
            # values, and Django binds parameters (measured: SQLite read every sold device of the network, 53 ms at
            # the bench's scale 2, through device_filter_order_idx and the table).
            models.Index(fields=["status", "received_at", "site"], name="device_stock_age_idx"),
            models.Index(fields=["site", "status", "received_at"], name="device_site_stock_age_idx"),
            models.Index(fields=["status", "sold_at", "site", "category"], name="device_sales_idx"),
            models.Index(fields=["site", "status", "sold_at", "category"], name="device_site_sales_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["serial_number"],
                condition=~Q(serial_number=""),
                name="inventory_device_serial_unique",
                violation_error_message=_("Un appareil porte déjà ce numéro de série."),
            ),
            models.UniqueConstraint(
                fields=["imei"],
                condition=~Q(imei=""),
                name="inventory_device_imei_unique",
                violation_error_message=_("Un appareil porte déjà cet IMEI."),
            ),
            models.CheckConstraint(
                name="inventory_device_reserved_has_person",
                condition=~Q(status=Status.RESERVED) | Q(reserved_for__isnull=False, reserved_until__isnull=False),
                violation_error_message=_("Un appareil réservé doit l'être pour une personne, avec une échéance."),
            ),
            models.CheckConstraint(
                name="inventory_device_sold_has_date",
                condition=~Q(status=Status.SOLD) | Q(sold_at__isnull=False),
                violation_error_message=_("Un appareil vendu doit avoir une date de vente."),
            ),
            models.CheckConstraint(
                name="inventory_device_override_has_reason",
                condition=Q(grade="") | Q(grade=models.F("computed_grade")) | ~Q(grade_override_reason=""),
                violation_error_message=_("Une correction du grade doit être motivée."),
            ),
        ]

    def __str__(self):
        return f"{self.asset_tag} {self.brand} {self.model_name}"

    def save(self, *args, **kwargs):
        self.asset_tag_key = code_key(self.asset_tag)
        self.serial_key = code_key(self.serial_number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"asset_tag", "serial_number"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "asset_tag_key", "serial_key"}
        # The dashboard's counters (models/stock.py) move in the same transaction.
        if self._state.adding:
            with transaction.atomic():
                super().save(*args, **kwargs)
                StockCount.objects.add({stock_key(self): 1})
        elif update_fields is not None and not KEY_COLUMNS & set(update_fields):
            super().save(*args, **kwargs)
        else:
            with StockCount.objects.tracking([self.pk]):
                super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("inventory:device_detail", args=[self.pk])

    @property
    def is_graded_manually(self):
        return bool(self.grade) and self.grade != self.computed_grade

    @property
    def days_in_stock(self):
        return (timezone.now() - self.received_at).days

    @property
    def saving(self):
        if self.solidarity_price is None or self.market_price is None:
            return None
        return self.market_price - self.solidarity_price


class DeviceEvent(models.Model):
    """One step of a device's history: who moved it from which status to which, and when."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("événement d'appareil")
        verbose_name_plural = _("événements d'appareil")

    def __str__(self):
        return f"{self.device_id} {self.from_status}→{self.to_status}"


class ErasureMethod(models.TextChoices):
    NIST_CLEAR = "nist_clear", _("NIST SP 800-88 — Clear (réécriture)")
    NIST_PURGE = "nist_purge", _("NIST SP 800-88 — Purge (effacement sécurisé)")
    CRYPTO_ERASE = "crypto", _("Effacement cryptographique")
    FACTORY_RESET = "factory_reset", _("Réinitialisation d'usine chiffrée (mobiles)")
    DESTRUCTION = "destruction", _("Destruction physique du support")


class ErasureRecord(models.Model):
    """Proof that a device's data was erased; a device cannot be made available without a passed one."""

    device = models.OneToOneField(Device, on_delete=models.CASCADE, related_name="erasure")
    method = models.CharField(_("méthode ou norme"), max_length=20, choices=ErasureMethod.choices)
    tool = models.CharField(_("outil"), max_length=100)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opérateur·rice")
    )
    performed_on = models.DateField(_("date"))
    verified = models.BooleanField(_("vérification réussie"))
    verification_notes = models.CharField(_("résultat de la vérification"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("effacement des données")
        verbose_name_plural = _("effacements des données")

    def __str__(self):
        return f"{self.device_id} {self.method} {self.performed_on}"
