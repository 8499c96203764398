"""Cashing in (encaisser): one transaction that numbers the ticket, moves the stock and seals the journal.

If any step fails — a device sold meanwhile at another register, no recharge code left, a right used up
at another site a moment ago — the transaction rolls back: no ticket, no stock movement, no chain link,
and the cashier reads why. A second click on "Encaisser" finds the ticket already made and shows it.

Lock order (deadlock-free): basket → open session (the Z locks it too) → person → devices, codes, counted stock
(primary-key order) → chain head. What blocks a ticket is said before any payment by checks.blockers(), from the
same checks this module raises.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.models import AccessLog, log_access
from tremplin.core.money import euros_from_cents
from tremplin.inventory.models import ProductKind
from tremplin.inventory.services.connectivity import adjust_stock, claim_code_for_sale
from tremplin.inventory.services.devices import mark_sold, take_back_sold_device

from ..models import Basket, EventKind, Payment, PersonLock, Sale, SaleKind, SaleLine, TillSettings
from . import chain, sealing
from .baskets import change_of, may_override, summarise
from .checks import eligibility_error, person_blockers, return_blockers, stock_blockers
from .rights import check_rights
from .sessions import session_for_sale

# The sale screen reads the same sentence as cash_in (kept under its former name).
_eligibility_error = eligibility_error


@dataclass
class CashedIn:
    sale: Sale
    # Recharge codes in clear, shown once on the original receipt: {line position: code}.
    revealed_codes: dict


def _raise_first(found):
    """Raise the first blocker of a checks.* function (the one cash_in would stop at)."""
    if found:
        raise ValidationError(found[0].message)


def _check_payments(summary, kind):
    total = summary.total_cents
    if summary.paid_cents != total:
        if kind == SaleKind.RETURN:
            raise ValidationError(
                _("Le remboursement (%(paid)s) doit égaler le montant du retour (%(total)s).")
                % {"paid": _money(-summary.paid_cents), "total": _money(-total)}
            )
        raise ValidationError(
            _("Les paiements (%(paid)s) doivent égaler le total (%(total)s) : il reste %(due)s.")
            % {"paid": _money(summary.paid_cents), "total": _money(total), "due": _money(total - summary.paid_cents)}
        )


def _money(value):
    return euros_from_cents(value)


@transaction.atomic
def cash_in(basket_token, actor, now=None):
    """Finalise the basket `basket_token` as a ticket. Returns CashedIn; raises ValidationError (nothing written).

    Enforces: an open session opened today on the register (the previous day closed); a person with valid
    eligibility when the network requires it; the person's rights (unless a line is overridden by a site
    manager); payments equal to the total (change only in cash); devices sold once (reserved ones only for
    their person); recharge codes sold once; counted stock never below zero.
    """
    now = (now or timezone.now()).replace(microsecond=0)
    basket = (
        Basket.objects.select_for_update(of=("self",))
        .select_related("register__site", "beneficiary", "original_sale")
        .filter(token=basket_token)
        .first()
    )
    if basket is None:
        raise ValidationError(_("Ce ticket n'existe plus : recommencez la vente."))
    if basket.sale_id:
        return CashedIn(basket.sale, {})
    register = basket.register
    training = register.training_mode
    session = session_for_sale(register, training, now)
    till_settings = TillSettings.current()
    summary = summarise(basket)
    if not summary.lines:
        raise ValidationError(_("Le ticket est vide : ajoutez au moins un article."))
    beneficiary = basket.beneficiary
    if basket.kind == SaleKind.RETURN:
        beneficiary_id = basket.original_sale.beneficiary_id
        _refuse_returning_twice(basket, summary)
    else:
        _raise_first(person_blockers(basket))
        beneficiary_id = beneficiary.pk
    _check_payments(summary, basket.kind)

    today = timezone.localdate(now)
    if basket.kind == SaleKind.SALE and not training:
        if till_settings.eligibility_required:
            error = eligibility_error(beneficiary, today)
            if error:
                raise ValidationError(error)
        PersonLock.objects.get_or_create(beneficiary_id=beneficiary.pk)
        PersonLock.objects.select_for_update().get(beneficiary_id=beneficiary.pk)
        check_rights(
            beneficiary,
            [
                (
                    line.rights_key,
                    line.quantity,
                    line.rights_value_cents,
                    bool(line.basket_line.override_reason),
                    line.label,
                )
                for line in summary.lines
            ],
            today,
        )

    if not training:
        # A line whose stock is gone is named here; the conditional updates below stay the guard.
        _raise_first(stock_blockers(basket, summary))

    # Stock effects (none in training mode: training tickets never touch stock).
    revealed = {}
    line_effects = {}
    ordered = sorted(enumerate(summary.lines, start=1), key=lambda item: _lock_key(item[1]))
    for position, priced in ordered:
        line_effects[position] = _move_stock(basket, priced, actor, now, training, beneficiary, revealed, position)

    head = chain.locked_head(chain.sale_scope(register, training))
    key_id = sealing.current_key_id()
    sale = Sale(
        register=register,
        session=session,
        training=training,
        number=head.last_number + 1,
        kind=basket.kind,
        original_sale=basket.original_sale,
        beneficiary_id=beneficiary_id,
        cashier=actor,
        cashier_name=(actor.get_short_name() if actor.full_name else "")[:100],
        finalised_at=now,
        total_cents=summary.total_cents,
        market_total_cents=summary.market_total_cents,
        previous_hash=head.last_hash,
        key_id=key_id,
    )
    lines = [
        SaleLine(
            sale=sale,
            position=position,
            revenue_category=priced.revenue_category,
            rights_key=priced.rights_key,
            label=priced.label[:200],
            reference=priced.reference[:200],
            device=priced.basket_line.device,
            product=priced.basket_line.product,
            recharge_code=line_effects[position].get("code"),
            quantity=priced.quantity,
            unit_price_cents=priced.unit_cents,
            market_price_cents=priced.market_cents,
            rights_value_cents=priced.rights_value_cents,
            vat_rate_bp=priced.vat_bp,
            warranty_until=line_effects[position].get("warranty_until"),
            override_reason=priced.basket_line.override_reason,
            override_by=priced.basket_line.override_by,
            original_line=priced.basket_line.original_line,
            defective_code=priced.basket_line.defective_code,
        )
        for position, priced in enumerate(summary.lines, start=1)
    ]
    payments = [
        Payment(
            sale=sale,
            position=position,
            method=payment.method,
            amount_cents=payment.amount_cents,
            tendered_cents=payment.tendered_cents,
            change_cents=change_of(payment),
            partner=payment.partner,
            partner_name=payment.partner.name if payment.partner_id else "",
        )
        for position, payment in enumerate(summary.payments, start=1)
    ]
    sale.hash = sealing.seal(sale.previous_hash, sealing.sale_content(sale, lines, payments), key_id)
    sale.save()
    for line in lines:
        line.sale = sale
        line.save()
    for payment in payments:
        payment.sale = sale
        payment.save()
    chain.advance(head, sale.hash)

    basket.sale = sale
    basket.save(update_fields=["sale"])
    for line in lines:
        if line.override_reason:
            chain.record_event(
                EventKind.OVERRIDE,
                actor,
                register,
                {
                    "ticket": sale.ticket_number,
                    "line": line.position,
                    "rights": line.rights_key,
                    "reason": line.override_reason,
                },
                at=now,
            )
    if basket.beneficiary is not None:
        log_access(actor, basket.beneficiary, AccessLog.Action.UPDATE, reason="ticket de caisse")
    return CashedIn(sale, revealed)


def _refuse_returning_twice(basket, summary):
    """A line of a ticket is given back once: the original ticket is locked while returns are counted."""
    Sale.objects.select_for_update().filter(pk=basket.original_sale_id).first()
    _raise_first(return_blockers(basket, summary))


def _lock_key(priced):
    line = priced.basket_line
    return (0 if line.device_id else 1, line.device_id or line.product_id or 0, line.pk)


def _move_stock(basket, priced, actor, now, training, beneficiary, revealed, position):
    """Apply one line to the stock of the inventory room; returns what the sealed line records."""
    line = priced.basket_line
    if training:
        if line.product_id and line.product.kind == ProductKind.RECHARGE:
            revealed[position] = "FORMATION-0000"
        return {}
    site = basket.register.site
    if basket.kind == SaleKind.RETURN:
        original = line.original_line
        if original.device_id:
            take_back_sold_device(actor, original.device, note=_("Retour en caisse"))
        elif original.recharge_code_id:
            if not line.defective_code:
                raise ValidationError(_("Un code de recharge révélé ne se reprend que comme « code défectueux »."))
            if not may_override(actor, basket.register) or len(line.override_reason.strip()) < 5:
                raise ValidationError(
                    _("Seul·e un·e responsable d'espace reprend un code défectueux, en indiquant le motif.")
                )
        elif original.product_id:
            adjust_stock(actor, site, original.product, -priced.quantity, _("Retour en caisse"))
        return {"code": None}
    if line.device_id:
        device = mark_sold(actor, line.device, now, beneficiary)
        return {"warranty_until": device.warranty_until}
    product = line.product
    if product.kind == ProductKind.RECHARGE:
        code, clear = claim_code_for_sale(actor, site, product)
        revealed[position] = clear
        return {"code": code}
    adjust_stock(actor, site, product, -priced.quantity, _("Vente en caisse"))
    return {}
