"""Connectivity offers (SIM cards, prepaid recharges, 4G boxes) and the recharge-code stock."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tremplin.core.roles import Role


class ProductKind(models.TextChoices):
    SIM = "sim", _("Carte SIM")
    RECHARGE = "recharge", _("Recharge prépayée")
    BOX = "box", _("Box 4G")
    # Accessories, cables, cases: counted stock per site like SIM cards, priced by the network; their
    # "face value" is the reference market price printed on tickets.
    ACCESSORY = "accessory", _("Accessoire (câble, housse, chargeur…)")


class ConnectivityProduct(models.Model):
    kind = models.CharField(_("type"), max_length=10, choices=ProductKind.choices)
    operator = models.CharField(_("opérateur ou fournisseur"), max_length=60, blank=True)
    name = models.CharField(_("libellé"), max_length=100)
    face_value = models.DecimalField(_("valeur faciale ou prix de référence"), max_digits=8, decimal_places=2)
    solidarity_price = models.DecimalField(_("prix solidaire"), max_digits=8, decimal_places=2)
    low_stock_threshold = models.PositiveSmallIntegerField(_("seuil d'alerte de stock"), default=5)
    is_active = models.BooleanField(_("proposé"), default=True)

    class Meta:
        verbose_name = _("offre de connectivité")
        verbose_name_plural = _("offres de connectivité")
        ordering = ["operator", "kind", "face_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["operator", "name"],
                name="inventory_product_unique",
                violation_error_message=_("Cette offre existe déjà chez cet opérateur."),
            ),
            models.CheckConstraint(
                name="inventory_product_prices_positive",
                condition=Q(face_value__gte=0, solidarity_price__gte=0),
                violation_error_message=_("Les prix doivent être positifs."),
            ),
        ]

    def __str__(self):
        return f"{self.operator} — {self.name}"

    def get_absolute_url(self):
        return reverse("inventory:product_list")


class RechargeCodeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Codes are stock of the till: network admins, site managers and mediators of the site only."""
        if not user.is_authenticated:
            return self.none()
        if user.is_network_admin:
            return self
        return self.filter(site_id__in=user.site_ids(Role.SITE_MANAGER, Role.MEDIATOR))

    def available(self):
        return self.filter(status=RechargeCode.Status.AVAILABLE)


class RechargeCode(models.Model):
    """A prepaid recharge code, encrypted at rest; only its last four characters are stored in clear."""

    class Status(models.TextChoices):
        AVAILABLE = "available", _("Disponible")
        SOLD = "sold", _("Vendu")

    product = models.ForeignKey(
        ConnectivityProduct, on_delete=models.PROTECT, related_name="codes", verbose_name=_("offre")
    )
    site = models.ForeignKey("network.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("espace"))
    encrypted_code = models.TextField(editable=False)
    # HMAC of the code with a key derived from the field key: refuses duplicates without decrypting.
    code_digest = models.CharField(max_length=64, editable=False)
    last4 = models.CharField(_("4 derniers caractères"), max_length=4, editable=False)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.AVAILABLE)
    batch_reference = models.CharField(_("référence du lot"), max_length=60, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sold_at = models.DateTimeField(null=True, blank=True)
    sold_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RechargeCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("code de recharge")
        verbose_name_plural = _("codes de recharge")
        ordering = ["imported_at", "pk"]
        indexes = [models.Index(fields=["site", "product", "status"], name="inventory_code_stock")]
        constraints = [
            models.UniqueConstraint(
                fields=["code_digest"],
                name="inventory_rechargecode_unique",
                violation_error_message=_("Ce code de recharge a déjà été importé."),
            ),
            models.CheckConstraint(
                name="inventory_rechargecode_sold_has_date",
                condition=Q(status="available", sold_at__isnull=True) | Q(status="sold", sold_at__isnull=False),
                violation_error_message=_("Un code vendu doit avoir une date de vente."),
            ),
        ]

    def __str__(self):
        return f"{self.product} {self.masked}"

    @property
    def masked(self):
        return f"•••• {self.last4}"


class ProductStock(models.Model):
    """Counted stock of a product without codes (SIM cards, 4G boxes) at a site."""

    site = models.ForeignKey("network.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("espace"))
    product = models.ForeignKey(
        ConnectivityProduct, on_delete=models.PROTECT, related_name="stocks", verbose_name=_("offre")
    )
    quantity = models.PositiveIntegerField(_("quantité"), default=0)

    class Meta:
        verbose_name = _("stock d'offre")
        verbose_name_plural = _("stocks d'offres")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "product"],
                name="inventory_productstock_unique",
                violation_error_message=_("Ce stock existe déjà."),
            ),
            models.CheckConstraint(
                name="inventory_productstock_not_negative",
                condition=Q(quantity__gte=0),
                violation_error_message=_("Le stock ne peut pas être négatif."),
            ),
        ]

    def __str__(self):
        return f"{self.product} @ {self.site_id}: {self.quantity}"


class StockMovement(models.Model):
    """Each change of a counted stock: who, when, how many, why."""

    stock = models.ForeignKey(ProductStock, on_delete=models.CASCADE, related_name="movements")
    delta = models.IntegerField(_("variation"))
    reason = models.CharField(_("motif"), max_length=200)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("mouvement de stock")
        verbose_name_plural = _("mouvements de stock")

    def __str__(self):
        return f"{self.stock_id} {self.delta:+d}"
