"""Grading thresholds and price grid, set by the national team."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tremplin.core.permissions import role_required
from tremplin.core.roles import Role

from ..forms import GradingRuleForm, PriceForm
from ..models import GradingRule, PriceGridEntry
from .common import STOCK_ROLES


@role_required(*STOCK_ROLES)
def grading_overview(request):
    return render(
        request,
        "inventory/grading.html",
        {
            "rules": GradingRule.objects.order_by("category", "grade"),
            "prices": PriceGridEntry.objects.order_by("category", "grade"),
            "can_edit": request.user.is_network_admin,
        },
    )


@role_required(Role.NETWORK_ADMIN)
def rule_edit(request, pk=None):
    rule = get_object_or_404(GradingRule, pk=pk) if pk else None
    form = GradingRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Seuil enregistré."))
        return redirect("inventory:grading")
    return render(
        request,
        "inventory/simple_form.html",
        {"form": form, "title": _("Seuil de classement"), "back": "inventory:grading"},
    )


@role_required(Role.NETWORK_ADMIN)
def price_edit(request, pk=None):
    price = get_object_or_404(PriceGridEntry, pk=pk) if pk else None
    form = PriceForm(request.POST or None, instance=price)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Prix enregistré."))
        return redirect("inventory:grading")
    return render(
        request,
        "inventory/simple_form.html",
        {"form": form, "title": _("Ligne de la grille tarifaire"), "back": "inventory:grading"},
    )
