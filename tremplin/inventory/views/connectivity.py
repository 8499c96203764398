"""Connectivity catalogue, recharge-code import and stock levels (never the codes themselves)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.core.editing import save_or_render
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role

from ..forms import CodeImportForm, ProductForm, StockAdjustForm
from ..models import ConnectivityProduct, RechargeCode
from ..services.connectivity import adjust_stock, import_recharge_codes, parse_codes, stock_levels
from .common import STOCK_ROLES, error_text, stock_sites


@role_required(*STOCK_ROLES)
def product_list(request):
    return render(
        request,
        "inventory/product_list.html",
        {
            "products": ConnectivityProduct.objects.order_by("operator", "kind", "face_value"),
            "can_edit": request.user.is_network_admin,
        },
    )


@role_required(Role.NETWORK_ADMIN)
def product_edit(request, pk=None):
    product = get_object_or_404(ConnectivityProduct, pk=pk) if pk else None
    return save_or_render(
        request,
        ProductForm(request.POST or None, instance=product),
        template="inventory/simple_form.html",
        context={"title": _("Offre de connectivité"), "back": "inventory:product_list"},
        success_message=_("Offre enregistrée."),
        success_url="inventory:product_list",
    )


@role_required(*STOCK_ROLES)
def code_import(request):
    form = CodeImportForm(request.POST or None, request.FILES or None, sites=stock_sites(request.user))
    errors = []
    if request.method == "POST" and form.is_valid():
        codes, errors = parse_codes(form.cleaned_data["file"])
        if not codes and not errors:
            form.add_error("file", _("Le fichier ne contient aucun code."))
        elif not errors:
            count = import_recharge_codes(
                request.user,
                form.cleaned_data["product"],
                form.cleaned_data["site"],
                codes,
                batch_reference=form.cleaned_data["batch_reference"],
            )
            messages.success(
                request, ngettext("%(count)s code importé.", "%(count)s codes importés.", count) % {"count": count}
            )
            return redirect("inventory:code_stock")
    return render(request, "inventory/code_import.html", {"form": form, "errors": errors})


@role_required(*STOCK_ROLES)
def code_stock(request):
    sites = stock_sites(request.user).order_by("name")
    form = StockAdjustForm(request.POST or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            adjust_stock(request.user, data["site"], data["product"], data["delta"], data["reason"])
        except ValidationError as error:
            form.add_error("delta", error_text(error))
        else:
            messages.success(request, _("Stock mis à jour."))
            return redirect("inventory:code_stock")
    recent = (
        RechargeCode.objects.visible_to(request.user).select_related("product", "site").order_by("-imported_at")[:25]
    )
    return render(request, "inventory/code_stock.html", {"levels": stock_levels(sites), "recent": recent, "form": form})
