"""A ticket: its page, the 80-mm print, the A4 PDF, the e-mail, and revealing a recharge code again.

Only an explicit print counts a copy (the first is the original, then "DUPLICATA n°k"): the 80-mm page
opened by a link is a preview that counts nothing, and its "Imprimer" button (a POST) counts the copy and
opens the print dialog. Every print button carries the copy number it announced, so a double click makes
one copy (`receipts.record_print`).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

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
        # A real ticket is taken back at a real register, a training one at a training one (returns.start_return).
        "return_registers": Register.objects.usable_by(request.user).filter(
            site=sale.register.site_id, training_mode=sale.training
        ),
        "prints": sale.prints.count(),
        "next_print": receipts.next_copy(sale, "ticket"),
        "next_email": receipts.next_copy(sale, "email"),
        "returns": sale.returns.order_by("number") if sale.kind == SaleKind.SALE else [],
        "email_form": email_form or EmailReceiptForm(),
        "reason_form": ReasonForm(),
        "training": sale.training,
    }
    return render(request, "till/sale.html", context)


@role_required(*TILL_VIEW_ROLES)
def sale_detail(request, pk):
    return render_ticket(request, _sale(request, pk))


def _expected_copy(request):
    """The copy number the print button announced (None for an old form without it)."""
    try:
        copy = int(request.POST.get("copy", ""))
    except ValueError:
        return None
    return copy if 0 <= copy < 100000 else None


@require_http_methods(["GET", "POST"])
@role_required(*TILL_VIEW_ROLES)
def print_ticket(request, pk):
    """The 80-mm print: GET is a preview (nothing counted, not printable); POST counts the copy and prints.

    The browser's print dialog, opened on the counted page, sends it to the thermal printer.
    """
    sale = _sale(request, pk)
    if request.method == "GET":
        copy = receipts.next_copy(sale, "ticket")
        receipt = receipts.build_receipt(sale)
        return render(
            request, "till/receipt_print.html", {"sale": sale, "receipt": receipt, "preview": True, "next_copy": copy}
        )
    receipt = receipts.record_print(sale, request.user, "ticket", _expected_copy(request))
    return render(request, "till/receipt_print.html", {"sale": sale, "receipt": receipt, "preview": False})


@require_POST
@role_required(*TILL_VIEW_ROLES)
def print_pdf(request, pk):
    sale = _sale(request, pk)
    receipt = receipts.record_print(sale, request.user, "pdf", _expected_copy(request))
    suffix = f"-duplicata-{receipt.copy_number}" if receipt.is_duplicate else ""
    return pdf_response(receipt_pdf(receipt), f"ticket-{sale.ticket_number}{suffix}.pdf")


@require_POST
@role_required(*SELLERS)
def email_ticket(request, pk):
    sale = _sale(request, pk)
    form = EmailReceiptForm(request.POST)
    if not form.is_valid():
        return render_ticket(request, sale, email_form=form)
    receipts.send_receipt(sale, request.user, form.cleaned_data["email"], _expected_copy(request))
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
