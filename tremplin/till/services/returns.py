"""Returns: a return basket for lines of a ticket already cashed in (negative lines referencing the
originals), and how much of a line has already been given back. The refund itself is a payment of the
return basket (`baskets.add_payment`, which follows the original payments) and is cashed in by
`finalise.cash_in()` like any ticket.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Basket, BasketLine, BasketPayment, PaymentMethod, SaleKind
from .baskets import may_override


def returned_quantity(sale_line):
    """How much of a ticket line has already been given back (a positive number)."""
    from ..models import SaleLine

    given_back = SaleLine.objects.filter(original_line=sale_line).values_list("quantity", flat=True)
    return -sum(given_back)


@transaction.atomic
def start_return(original_sale, register, cashier, line_ids, defective_reason=""):
    """A return basket for some lines of `original_sale`: negative lines that reference the originals.

    Refuses a training ticket, a return of a return, a line already given back, and a revealed recharge
    code unless a site manager takes it back as « code défectueux » with a reason.
    """
    if original_sale.kind != SaleKind.SALE:
        raise ValidationError(_("Un retour se fait sur un ticket de vente, pas sur un autre retour."))
    if original_sale.training != register.training_mode:
        raise ValidationError(_("Un ticket de formation ne se reprend qu'en mode formation, et inversement."))
    if original_sale.register.site_id != register.site_id:
        raise ValidationError(_("Le retour se fait dans l'espace où le ticket a été encaissé."))
    lines = list(original_sale.lines.filter(pk__in=list(line_ids)).order_by("position"))
    if not lines:
        raise ValidationError(_("Cochez au moins une ligne à reprendre."))
    defective_reason = (defective_reason or "").strip()
    for line in lines:
        if returned_quantity(line) >= line.quantity:
            raise ValidationError(
                _("La ligne « %(label)s » a déjà été reprise : un article ne se rend qu'une fois.")
                % {"label": line.label}
            )
        if line.recharge_code_id:
            if not may_override(cashier, register):
                raise ValidationError(
                    _(
                        "Un code de recharge révélé ne se reprend pas, sauf par un·e responsable d'espace "
                        "comme « code défectueux »."
                    )
                )
            if len(defective_reason) < 5:
                raise ValidationError(_("Indiquez pourquoi le code est défectueux (5 caractères au moins)."))
    # One return in progress per original ticket and cashier: start again from the lines chosen now.
    Basket.objects.filter(
        register=register, cashier=cashier, kind=SaleKind.RETURN, original_sale=original_sale, sale__isnull=True
    ).delete()
    basket = Basket.objects.create(
        register=register, cashier=cashier, kind=SaleKind.RETURN, original_sale=original_sale
    )
    for line in lines:
        defective = bool(line.recharge_code_id)
        BasketLine.objects.create(
            basket=basket,
            device=line.device,
            product=line.product,
            quantity=-(line.quantity - returned_quantity(line)),
            original_line=line,
            defective_code=defective,
            override_reason=defective_reason[:200] if defective else "",
            override_by=cashier if defective else None,
        )
    return basket


def refundable(original_sale, method, partner=None, exclude_basket=None):
    """Cents still refundable by `method` (and `partner`) on a ticket: what it received that way, less the
    refunds already made that way on return tickets and in other open return baskets' entries of this one.

    A refund follows the money: cash back only for what was paid in cash, a partner credited only for what
    that partner paid.
    """
    from ..models import Payment

    def same_way(queryset):
        queryset = queryset.filter(method=method)
        if method == PaymentMethod.PARTNER:
            queryset = queryset.filter(partner=partner)
        return sum(queryset.values_list("amount_cents", flat=True))

    paid = same_way(Payment.objects.filter(sale=original_sale))
    refunded = -same_way(Payment.objects.filter(sale__original_sale=original_sale))
    pending = -same_way(BasketPayment.objects.filter(basket=exclude_basket)) if exclude_basket else 0
    return max(0, paid - refunded - pending)
