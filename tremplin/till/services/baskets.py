"""The ticket being built: find what the cashier scans or picks, price it, take payments.

Nothing here touches stock or the journal; `finalise.cash_in()` does, in one transaction.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tremplin.core.money import euros_from_cents as euros
from tremplin.core.roles import Role
from tremplin.inventory.models import ConnectivityProduct, Device, ProductKind, Status

from ..models import Basket, BasketLine, BasketPayment, PaymentMethod, RevenueCategory, SaleKind, TillSettings
from . import cash_rules, checks

MAX_LINES = 30
MAX_QUANTITY = 20


def cents(amount):
    """Decimal euros → integer cents (None stays None)."""
    if amount is None:
        return None
    return int((Decimal(amount) * 100).to_integral_value())


@dataclass
class PricedLine:
    basket_line: BasketLine
    label: str
    reference: str
    revenue_category: str
    rights_key: str
    quantity: int
    unit_cents: int
    market_cents: int
    rights_value_cents: int
    vat_bp: int

    @property
    def total_cents(self):
        return self.quantity * self.unit_cents

    @property
    def market_total_cents(self):
        return self.quantity * self.market_cents


def price_line(line, till_settings):
    """What a basket line costs now: the device's graded price, or the product's solidarity price."""
    if line.original_line_id:  # a return gives back exactly what was paid
        original = line.original_line
        return PricedLine(
            line,
            original.label,
            original.reference,
            original.revenue_category,
            original.rights_key,
            line.quantity,
            original.unit_price_cents,
            original.market_price_cents,
            original.rights_value_cents,
            original.vat_rate_bp,
        )
    if line.device_id:
        device = line.device
        unit = cents(device.solidarity_price) or 0
        market = cents(device.market_price) if device.market_price is not None else unit
        category = RevenueCategory.DEVICE
        return PricedLine(
            line,
            f"{device.get_category_display()} {device.brand} {device.model_name}",
            device.asset_tag,
            category,
            device.category,
            1,
            unit,
            market,
            unit,
            till_settings.vat_rate_for(category),
        )
    product = line.product
    category = RevenueCategory.ACCESSORY if product.kind == ProductKind.ACCESSORY else RevenueCategory.CONNECTIVITY
    unit = cents(product.solidarity_price)
    face = cents(product.face_value)
    return PricedLine(
        line,
        str(product.name if not product.operator else f"{product.name} ({product.operator})"),
        product_reference(product),
        category,
        product.kind,
        line.quantity,
        unit,
        face,
        face,
        till_settings.vat_rate_for(category),
    )


def product_reference(product):
    """The business identifier of a product in the journal: "operator/name" (unique together)."""
    return f"{product.operator}/{product.name}"


@dataclass
class BasketSummary:
    basket: Basket
    lines: list
    payments: list

    @property
    def total_cents(self):
        return sum(line.total_cents for line in self.lines)

    @property
    def market_total_cents(self):
        return sum(line.market_total_cents for line in self.lines)

    @property
    def saving_cents(self):
        return self.market_total_cents - self.total_cents

    @property
    def paid_cents(self):
        return sum(payment.amount_cents for payment in self.payments)

    @property
    def due_cents(self):
        return self.total_cents - self.paid_cents

    @property
    def change_cents(self):
        return sum(change_of(payment) for payment in self.payments)


def change_of(payment):
    """The change given back on a payment: only in cash, only what was handed over beyond the amount.

    A refund (negative amount, nothing handed over) gives no change.
    """
    if payment.method != PaymentMethod.CASH or payment.tendered_cents is None:
        return 0
    return max(0, payment.tendered_cents - payment.amount_cents)


def summarise(basket):
    till_settings = TillSettings.current()
    lines = basket.lines.select_related("device", "product", "original_line__sale__register__site")
    return BasketSummary(
        basket,
        [price_line(line, till_settings) for line in lines],
        list(basket.payments.select_related("partner")),
    )


def open_basket(register, cashier, kind=SaleKind.SALE, original_sale=None):
    """The cashier's ticket in progress at this register (a new one when there is none)."""
    basket = Basket.objects.filter(register=register, cashier=cashier, sale__isnull=True, kind=kind)
    if original_sale is not None:
        basket = basket.filter(original_sale=original_sale)
    basket = basket.order_by("-created_at").first()
    if basket is None:
        basket = Basket.objects.create(register=register, cashier=cashier, kind=kind, original_sale=original_sale)
    return basket


def _refuse_if_cashed(basket):
    if basket.sale_id:
        raise ValidationError(_("Ce ticket est déjà encaissé : il ne peut plus changer."))


def _refuse_without_person(basket):
    # Solidarity prices are for a named person: say so at the first article, not at the end.
    if basket.kind == SaleKind.SALE and basket.beneficiary_id is None:
        raise ValidationError(_("Choisissez la personne : les prix solidaires sont nominatifs."))


def _refuse_if_full(basket):
    if basket.lines.count() >= MAX_LINES:
        raise ValidationError(_("Un ticket compte au plus %(max)s lignes.") % {"max": MAX_LINES})


def find_device_for_sale(basket, text):
    """The device the cashier scanned or typed (asset tag, serial or IMEI), or a clear reason why not."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Scannez ou saisissez un numéro d'inventaire, de série ou un IMEI."))
    if len(text) > 60:
        raise ValidationError(_("Ce numéro est trop long pour être un numéro d'inventaire, de série ou un IMEI."))
    device = Device.objects.find_by_label(text).select_related("site").first()
    if device is None:
        raise ValidationError(_("Aucun appareil ne porte le numéro « %(text)s ».") % {"text": text})
    if device.site_id != basket.register.site_id:
        raise ValidationError(
            _("L'appareil %(tag)s appartient à l'espace %(site)s : il ne peut pas être vendu ici.")
            % {"tag": device.asset_tag, "site": device.site.name}
        )
    if device.status == Status.SOLD:
        raise ValidationError(_("L'appareil %(tag)s est déjà vendu.") % {"tag": device.asset_tag})
    if device.status == Status.RESERVED:
        if basket.beneficiary_id is None:
            raise ValidationError(
                _("L'appareil %(tag)s est réservé : choisissez d'abord la personne pour qui il l'est.")
                % {"tag": device.asset_tag}
            )
        if device.reserved_for_id != basket.beneficiary_id:
            raise ValidationError(
                _("L'appareil %(tag)s est réservé pour une autre personne.") % {"tag": device.asset_tag}
            )
    elif device.status != Status.AVAILABLE:
        raise ValidationError(
            _("L'appareil %(tag)s n'est pas en vente (statut : %(status)s).")
            % {"tag": device.asset_tag, "status": device.get_status_display()}
        )
    if basket.lines.filter(device=device).exists():
        raise ValidationError(_("L'appareil %(tag)s est déjà sur le ticket.") % {"tag": device.asset_tag})
    return device


@transaction.atomic
def add_device(basket, text, now=None):
    """Add the scanned device to the ticket. Returns the line."""
    _refuse_if_cashed(basket)
    _refuse_without_person(basket)
    checks.refuse_if_person_blocked(basket, now)
    _refuse_if_full(basket)
    device = find_device_for_sale(basket, text)
    return BasketLine.objects.create(basket=basket, device=device, quantity=1)


@transaction.atomic
def add_product(basket, product, quantity=1, now=None):
    """Add a connectivity product or an accessory; recharges are one code per line.

    `now` (default: now) is the moment of the sale, for the person's eligibility (as cash_in's `now`).
    Refuses (nothing added) beyond what the site has left — counted stock, or recharge codes — naming the
    product and what is left (checks.stock_blockers, the check cash_in makes).
    """
    _refuse_if_cashed(basket)
    _refuse_without_person(basket)
    checks.refuse_if_person_blocked(basket, now)
    if not isinstance(product, ConnectivityProduct) or not product.is_active:
        raise ValidationError(_("Cette offre n'est plus proposée."))
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ValidationError(_("La quantité va de 1 à %(max)s.") % {"max": MAX_QUANTITY})
    if product.kind == ProductKind.RECHARGE:
        for _i in range(quantity):
            _refuse_if_full(basket)
            line = BasketLine.objects.create(basket=basket, product=product, quantity=1)
        checks.refuse_beyond_stock(basket, basket.lines.filter(product=product).order_by("pk").first())
        return line
    _refuse_if_full(basket)
    line = basket.lines.filter(product=product, original_line__isnull=True).first()
    if line is not None:
        if line.quantity + quantity > MAX_QUANTITY:
            raise ValidationError(_("La quantité va de 1 à %(max)s.") % {"max": MAX_QUANTITY})
        line.quantity += quantity
        line.save(update_fields=["quantity"])
    else:
        line = BasketLine.objects.create(basket=basket, product=product, quantity=quantity)
    checks.refuse_beyond_stock(basket, line)  # raising rolls the addition back (atomic)
    return line


def remove_line(basket, line_id):
    _refuse_if_cashed(basket)
    basket.lines.filter(pk=line_id).delete()


def set_person(basket, beneficiary):
    _refuse_if_cashed(basket)
    if basket.kind == SaleKind.RETURN:
        raise ValidationError(_("Un retour concerne la personne du ticket d'origine."))
    basket.beneficiary = beneficiary
    basket.save(update_fields=["beneficiary"])
    # A device reserved for the previous person cannot stay on this person's ticket.
    basket.lines.filter(device__status=Status.RESERVED).exclude(device__reserved_for=beneficiary).delete()


def may_override(user, register):
    """Only a site manager of the register's site (or the national team) lifts a right for one line."""
    return user.is_network_admin or register.site_id in user.site_ids(Role.SITE_MANAGER)


def override_line(basket, line_id, actor, reason):
    """A site manager lets one line pass over the person's rights, with a reason (logged when cashed in)."""
    _refuse_if_cashed(basket)
    if not may_override(actor, basket.register):
        raise ValidationError(_("Seul·e un·e responsable d'espace peut accorder une dérogation."))
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError(_("Indiquez le motif de la dérogation (5 caractères au moins)."))
    changed = basket.lines.filter(pk=line_id).update(override_reason=reason[:200], override_by=actor)
    if not changed:
        raise ValidationError(_("Cette ligne n'est plus sur le ticket."))


def _lock_open_session(basket):
    # A payment goes into the register's open session: the closure (Z) locks that session too, so a payment
    # and a closure never cross (sessions.close_session refuses while a ticket holds payments).
    from ..models import RegisterSession

    register = basket.register
    locked = RegisterSession.objects.select_for_update().filter(
        register=register, training=register.training_mode, status="open"
    )
    if locked.first() is None:
        raise ValidationError(_("La caisse est fermée : ouvrez-la avec le fond de caisse avant de vendre."))


@transaction.atomic
def add_payment(basket, method, amount_cents, partner=None, now=None):
    """Record a payment. Cash: `amount_cents` is what the person hands over; change is computed, within
    the legal cap and a typing check (cash_rules).

    Other methods may not exceed what is still due (no change except in cash); a partner payment
    (prise en charge) names the partner organisation that pays. Refused while the ticket cannot be cashed in
    (checks.blockers: the card terminal must not charge for a ticket that will be refused), and while the
    register is closed.
    """
    _refuse_if_cashed(basket)
    _lock_open_session(basket)
    checks.refuse_while_blocked(basket, now)
    summary = summarise(basket)
    due = summary.due_cents
    if method not in PaymentMethod.values:
        raise ValidationError(_("Choisissez un moyen de paiement."))
    if amount_cents is None or amount_cents <= 0:
        raise ValidationError(_("Le montant doit être positif."))
    if basket.kind == SaleKind.RETURN:
        # A refund: money goes back, never more than the ticket's (negative) total.
        if amount_cents > -due:
            raise ValidationError(_("Le remboursement dépasse ce qui reste à rendre (%(due)s).") % {"due": euros(-due)})
        if method == PaymentMethod.PARTNER and partner is None:
            raise ValidationError(_("Indiquez le partenaire qui prend en charge."))
        from .returns import refundable

        left = refundable(basket.original_sale, method, partner, exclude_basket=basket)
        if amount_cents > left:
            raise ValidationError(
                _(
                    "Le remboursement suit le paiement d'origine : par « %(method)s », il reste au plus %(left)s "
                    "à rendre sur ce ticket."
                )
                % {"method": PaymentMethod(method).label, "left": euros(left)}
            )
        return BasketPayment.objects.create(
            basket=basket,
            method=method,
            amount_cents=-amount_cents,
            partner=partner if method == PaymentMethod.PARTNER else None,
        )
    if due <= 0:
        raise ValidationError(_("Le ticket est déjà entièrement payé."))
    if method == PaymentMethod.PARTNER and partner is None:
        raise ValidationError(_("Indiquez le partenaire qui prend en charge."))
    if method == PaymentMethod.CASH:
        cash_rules.check_cash_payment(basket, amount_cents, due)
        return BasketPayment.objects.create(
            basket=basket, method=method, amount_cents=min(amount_cents, due), tendered_cents=amount_cents
        )
    if amount_cents > due:
        raise ValidationError(
            _("Le montant dépasse ce qui reste à payer (%(due)s) : seul le paiement en espèces rend la monnaie.")
            % {"due": euros(due)}
        )
    return BasketPayment.objects.create(
        basket=basket,
        method=method,
        amount_cents=amount_cents,
        partner=partner if method == PaymentMethod.PARTNER else None,
    )


def remove_payment(basket, payment_id):
    _refuse_if_cashed(basket)
    basket.payments.filter(pk=payment_id).delete()


@dataclass
class Abandoned:
    dropped: bool
    payments: list  # [BasketPayment] the ticket held: what must be given back to the person

    @property
    def total_cents(self):
        return sum(payment.amount_cents for payment in self.payments)


def abandon(register, cashier, confirmed=False):
    """Drop the cashier's sale ticket in progress at `register` (nothing of it is in the journal).

    Returns Abandoned(dropped, payments). A ticket already paid (card terminal charged, cash in the drawer)
    is dropped only when `confirmed`: otherwise nothing changes and `payments` says what to give back first.
    """
    open_tickets = Basket.objects.filter(register=register, cashier=cashier, sale__isnull=True, kind=SaleKind.SALE)
    payments = list(
        BasketPayment.objects.filter(basket__in=open_tickets).select_related("partner").order_by("basket", "pk")
    )
    if payments and not confirmed:
        return Abandoned(False, payments)
    open_tickets.delete()
    return Abandoned(True, payments)
