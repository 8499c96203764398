"""Tickets: the basket being built at the till, and the finalised sale (immutable, hash-chained).

Amounts are integers in euro cents. A return is a sale of kind RETURN with negative quantities,
referencing the original; nothing finalised is ever edited.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .appendonly import AppendOnlyModel, AppendOnlyQuerySet
from .registers import TILL_ROLES


class SaleKind(models.TextChoices):
    SALE = "sale", _("Vente")
    RETURN = "return", _("Retour / correction")


class RevenueCategory(models.TextChoices):
    """The category of a line, for closures and the accounting export."""

    DEVICE = "device", _("Matériel reconditionné")
    CONNECTIVITY = "connectivity", _("Connectivité")
    ACCESSORY = "accessory", _("Accessoires")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Espèces")
    CARD = "card", _("Carte bancaire (terminal)")
    CHEQUE = "cheque", _("Chèque")
    TRANSFER = "transfer", _("Virement")
    PARTNER = "partner", _("Prise en charge par un partenaire")


class Basket(models.Model):
    """The ticket being built on the till screen: freely changed until it is cashed in (encaissé)."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    register = models.ForeignKey("till.Register", on_delete=models.CASCADE, related_name="baskets")
    cashier = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=6, choices=SaleKind.choices, default=SaleKind.SALE)
    original_sale = models.ForeignKey("till.Sale", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    beneficiary = models.ForeignKey(
        "people.Beneficiary", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set once, when the basket is cashed in: a second click finds it and shows the same ticket.
    sale = models.OneToOneField("till.Sale", on_delete=models.PROTECT, null=True, blank=True, related_name="basket")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("panier")
        verbose_name_plural = _("paniers")

    def __str__(self):
        return f"panier {self.token}"


class BasketLine(models.Model):
    basket = models.ForeignKey(Basket, on_delete=models.CASCADE, related_name="lines")
    device = models.ForeignKey("inventory.Device", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    product = models.ForeignKey(
        "inventory.ConnectivityProduct", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    quantity = models.IntegerField(default=1)
    override_reason = models.CharField(max_length=200, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Return lines: the line of the original ticket they give back.
    original_line = models.ForeignKey(
        "till.SaleLine", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    defective_code = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"ligne {self.pk}"


class BasketPayment(models.Model):
    basket = models.ForeignKey(Basket, on_delete=models.CASCADE, related_name="payments")
    method = models.CharField(max_length=10, choices=PaymentMethod.choices)
    amount_cents = models.IntegerField()
    tendered_cents = models.IntegerField(null=True, blank=True)
    partner = models.ForeignKey(
        "network.PartnerOrganisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"paiement {self.pk}"


class SaleQuerySet(AppendOnlyQuerySet):
    def visible_to(self, user):
        """Network admins see every ticket; site managers and mediators those of their sites' registers."""
        if not user.is_authenticated:
            return self.none()
        if user.is_network_admin:
            return self
        return self.filter(register__site_id__in=user.site_ids(*TILL_ROLES))

    def real(self):
        """Tickets that count: never those of training mode."""
        return self.filter(training=False)

    def for_person_ids(self, beneficiary_ids):
        return self.filter(beneficiary_id__in=list(beneficiary_ids))


class Sale(AppendOnlyModel):
    """A finalised ticket. Written once, in the transaction that numbers it and links it to the chain."""

    register = models.ForeignKey("till.Register", on_delete=models.PROTECT, related_name="sales")
    session = models.ForeignKey("till.RegisterSession", on_delete=models.PROTECT, related_name="sales")
    training = models.BooleanField(default=False)
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=6, choices=SaleKind.choices, default=SaleKind.SALE)
    original_sale = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="returns")
    # The person by opaque id, not a foreign key: merging or anonymising people never touches the journal.
    beneficiary_id = models.UUIDField(null=True, blank=True, db_index=True)
    cashier = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cashier_name = models.CharField(max_length=100)
    finalised_at = models.DateTimeField()
    total_cents = models.IntegerField()
    market_total_cents = models.IntegerField()
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=20)

    objects = SaleQuerySet.as_manager()

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-finalised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "training", "number"],
                name="till_sale_number_unique",
                violation_error_message=_("Ce numéro de ticket existe déjà pour cette caisse."),
            ),
            models.CheckConstraint(
                name="till_return_has_original",
                condition=Q(kind="sale") | Q(original_sale__isnull=False),
                violation_error_message=_("Un retour se rattache au ticket d'origine."),
            ),
        ]
        indexes = [models.Index(fields=["register", "training", "finalised_at"], name="till_sale_register_time")]

    def __str__(self):
        return self.ticket_number

    @property
    def ticket_number(self):
        """The printed number: register + gap-free sequence (LY-C1-000042), "F" for training tickets."""
        prefix = "F-" if self.training else ""
        return f"{prefix}{self.register.full_code}-{self.number:06d}"

    @property
    def saving_cents(self):
        return self.market_total_cents - self.total_cents

    def get_absolute_url(self):
        return reverse("till:sale", args=[self.pk])


class SaleLine(AppendOnlyModel):
    sale = models.ForeignKey(Sale, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField()
    revenue_category = models.CharField(max_length=15, choices=RevenueCategory.choices)
    # What the rights rules count: a device category (laptop…) or a product kind (recharge…).
    rights_key = models.CharField(max_length=15)
    label = models.CharField(max_length=200)
    # Business identifier hashed in the journal: the asset tag, or the product's "operator/name".
    reference = models.CharField(max_length=200)
    device = models.ForeignKey("inventory.Device", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    product = models.ForeignKey(
        "inventory.ConnectivityProduct", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recharge_code = models.ForeignKey(
        "inventory.RechargeCode", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    quantity = models.IntegerField()
    unit_price_cents = models.IntegerField()
    market_price_cents = models.IntegerField()
    # For amount rules ("recharges at most €30 a month"): the face value of connectivity, else the price.
    rights_value_cents = models.IntegerField()
    vat_rate_bp = models.PositiveIntegerField(default=0)  # basis points: 2000 = 20 %
    warranty_until = models.DateField(null=True, blank=True)
    override_reason = models.CharField(max_length=200, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    original_line = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="returns")
    defective_code = models.BooleanField(default=False)

    class Meta:
        ordering = ["sale", "position"]
        constraints = [
            models.UniqueConstraint(fields=["sale", "position"], name="till_saleline_position_unique"),
            models.UniqueConstraint(
                fields=["recharge_code"],
                condition=Q(recharge_code__isnull=False, quantity__gt=0),
                name="till_recharge_code_sold_once",
                violation_error_message=_("Ce code de recharge a déjà été vendu."),
            ),
        ]

    def __str__(self):
        return f"{self.sale_id}/{self.position} {self.reference}"

    @property
    def total_cents(self):
        return self.quantity * self.unit_price_cents


class Payment(AppendOnlyModel):
    sale = models.ForeignKey(Sale, on_delete=models.PROTECT, related_name="payments")
    position = models.PositiveSmallIntegerField()
    method = models.CharField(max_length=10, choices=PaymentMethod.choices)
    amount_cents = models.IntegerField()
    tendered_cents = models.IntegerField(null=True, blank=True)
    change_cents = models.IntegerField(default=0)
    partner = models.ForeignKey(
        "network.PartnerOrganisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    partner_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["sale", "position"]
        constraints = [
            models.UniqueConstraint(fields=["sale", "position"], name="till_payment_position_unique"),
            models.CheckConstraint(
                name="till_partner_payment_names_partner",
                condition=~Q(method="partner") | Q(partner__isnull=False),
                violation_error_message=_("Une prise en charge indique le partenaire qui paie."),
            ),
        ]

    def __str__(self):
        return f"{self.sale_id} {self.method} {self.amount_cents}"


class ReceiptPrint(AppendOnlyModel):
    """Each print of a ticket: the original (copy 0), then duplicates n°1, 2…"""

    sale = models.ForeignKey(Sale, on_delete=models.PROTECT, related_name="prints")
    copy_number = models.PositiveIntegerField()
    printed_at = models.DateTimeField(auto_now_add=True)
    printed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    fmt = models.CharField(max_length=8)  # "ticket" (80 mm), "pdf", "email"

    class Meta:
        ordering = ["sale", "copy_number"]
        constraints = [models.UniqueConstraint(fields=["sale", "copy_number"], name="till_receipt_copy_unique")]
