"""Returns and corrections: a new ticket with negative lines that reference the original (never an edit)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core.formfields import parse_id, search_text
from tremplin.core.permissions import role_required

from ..forms import PaymentForm
from ..models import Register, SaleKind
from ..services import baskets, returns
from .receipts import _sale
from .registers import SELLERS, stale_day
from .sale import cashier_basket


def _return_basket(request, token):
    basket = cashier_basket(request, token)
    if basket.kind != SaleKind.RETURN:
        raise Http404
    return basket


@require_POST
@role_required(*SELLERS)
def start_return(request, pk):
    sale = _sale(request, pk)
    register_id = parse_id(request.POST.get("register"))
    register = Register.objects.usable_by(request.user).filter(pk=register_id).select_related("site").first()
    if register is None:
        messages.error(request, _("Choisissez une caisse ouverte de cet espace."))
        return redirect(sale)
    line_ids = [line_id for line_id in map(parse_id, request.POST.getlist("lines")) if line_id]
    try:
        reason = search_text(request.POST.get("reason", ""), limit=200)
        basket = returns.start_return(sale, register, request.user, line_ids, reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(sale)
    return redirect("till:return", token=basket.token)


@role_required(*SELLERS)
def return_screen(request, token):
    basket = _return_basket(request, token)
    if basket.sale_id:
        return redirect(basket.sale)
    return _render_return(request, basket)


def _render_return(request, basket, payment_form=None):
    """The return screen; `payment_form` is a refused refund, shown again as typed with its error."""
    from ..services.sessions import open_session_of

    session = open_session_of(basket.register)
    return render(
        request,
        "till/return.html",
        {
            "basket": basket,
            "register": basket.register,
            "summary": baskets.summarise(basket),
            "session": session,
            "stale_day": stale_day(basket.register, session),
            "payment_form": payment_form or PaymentForm(refund=True),
            "training": basket.register.training_mode,
        },
    )


@require_POST
@role_required(*SELLERS)
def refund(request, token):
    basket = _return_basket(request, token)
    form = PaymentForm(request.POST, refund=True)
    if form.is_valid():
        data = form.cleaned_data
        try:
            baskets.add_payment(basket, data["method"], data["amount"], data.get("partner"))
        except ValidationError as error:
            form.add_error("amount", error)
        else:
            return redirect("till:return", token=basket.token)
    # Refused: the screen again with the amount as typed and the reason next to it.
    return _render_return(request, basket, payment_form=form)


@require_POST
@role_required(*SELLERS)
def remove_refund(request, token):
    basket = _return_basket(request, token)
    payment_id = parse_id(request.POST.get("payment"))
    try:
        if payment_id:
            baskets.remove_payment(basket, payment_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("till:return", token=basket.token)


@require_POST
@role_required(*SELLERS)
def cancel_return(request, token):
    basket = _return_basket(request, token)
    original = basket.original_sale
    if not basket.sale_id:
        basket.delete()
        messages.success(request, _("Retour abandonné : rien n'a été enregistré."))
    return redirect(original)
