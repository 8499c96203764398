"""A ticket: its page, the 80-mm print, the A4 PDF, the e-mail, and revealing a recharge code again.

Every print is a POST: it counts a copy (the first is the original, then "DUPLICATA n°k"), so a link
followed by a crawler or a preview never makes a copy nobody asked for.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core.pdf import pdf_response
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role

from ..forms import EmailReceiptForm, ReasonForm
from ..models import Register, Sale, SaleKind
from ..receipt_pdf import receipt_pdf
from ..services import receipts
from ..services.baskets import may_override
from ..services.returns import returned_quantity
from .registers import SELLERS, TILL_VIEW_ROLES


def _sale(request, pk):
    return get_object_or_404(
        Sale.objects.visible_to(request.user).select_related("register__site", "original_sale__register"), pk=pk
    )


def render_ticket(request, sale, codes=None, just_cashed=False, email_form=None, revealed=None):
    """The ticket page; `codes` (right after cashing in) and `revealed` are shown once and kept nowhere."""
    receipt = receipts.build_receipt(sale, codes={**(codes or {}), **(revealed or {})})
    can_sell_here = Register.objects.usable_by(request.user).filter(site=sale.register.site_id).exists()
    returnable = []
    if can_sell_here and sale.kind == SaleKind.SALE:
        returnable = [line for line in receipt.lines if returned_quantity(line) < line.quantity]
    context = {
        "sale": sale,
        "receipt": receipt,
        "just_cashed": just_cashed,
        "can_sell_here": can_sell_here,
        "can_manage": may_override(request.user, sale.register),
        "returnable": returnable,
        "return_registers": Register.objects.usable_by(request.user).filter(site=sale.register.site_id),
        "prints": sale.prints.count(),
        "returns": sale.returns.order_by("number") if sale.kind == SaleKind.SALE else [],
        "email_form": email_form or EmailReceiptForm(),
        "reason_form": ReasonForm(),
        "training": sale.training,
    }
    return render(request, "till/sale.html", context)


@role_required(*TILL_VIEW_ROLES)
def sale_detail(request, pk):
    return render_ticket(request, _sale(request, pk))


@require_POST
@role_required(*TILL_VIEW_ROLES)
def print_ticket(request, pk):
    """The 80-mm print (the browser's print dialog sends it to the thermal printer)."""
    sale = _sale(request, pk)
    receipt = receipts.record_print(sale, request.user, "ticket")
    return render(request, "till/receipt_print.html", {"sale": sale, "receipt": receipt})


@require_POST
@role_required(*TILL_VIEW_ROLES)
def print_pdf(request, pk):
    sale = _sale(request, pk)
    receipt = receipts.record_print(sale, request.user, "pdf")
    suffix = f"-duplicata-{receipt.copy_number}" if receipt.is_duplicate else ""
    return pdf_response(receipt_pdf(receipt), f"ticket-{sale.ticket_number}{suffix}.pdf")


@require_POST
@role_required(*SELLERS)
def email_ticket(request, pk):
    sale = _sale(request, pk)
    form = EmailReceiptForm(request.POST)
    if not form.is_valid():
        return render_ticket(request, sale, email_form=form)
    receipts.send_receipt(sale, request.user, form.cleaned_data["email"])
    messages.success(request, _("Le ticket est envoyé par e-mail (copie sans code de recharge)."))
    return redirect(sale)


@require_POST
@role_required(Role.NETWORK_ADMIN, Role.SITE_MANAGER)
def reveal_code(request, pk):
    """A site manager shows a recharge code again, with a reason (journaled and logged); shown once, kept nowhere."""
    sale = _sale(request, pk)
    form = ReasonForm(request.POST)
    try:
        position = int(request.POST.get("position", ""))
    except ValueError:
        position = None
    if not form.is_valid() or position is None or not 0 < position < 1000:
        messages.error(request, _("Indiquez le motif (5 caractères au moins)."))
        return redirect(sale)
    try:
        code = receipts.reveal_code(sale, position, request.user, form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(sale)
    messages.warning(request, _("Code affiché de nouveau : c'est journalisé."))
    return render_ticket(request, sale, revealed={position: code})
