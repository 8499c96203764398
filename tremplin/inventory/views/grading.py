"""Grading thresholds and price grid, set by the national team."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from tremplin.core.editing import save_or_render
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
    return save_or_render(
        request,
        GradingRuleForm(request.POST or None, instance=rule),
        template="inventory/simple_form.html",
        context={"title": _("Seuil de classement"), "back": "inventory:grading"},
        success_message=_("Seuil enregistré."),
        success_url="inventory:grading",
    )


@role_required(Role.NETWORK_ADMIN)
def price_edit(request, pk=None):
    price = get_object_or_404(PriceGridEntry, pk=pk) if pk else None
    return save_or_render(
        request,
        PriceForm(request.POST or None, instance=price),
        template="inventory/simple_form.html",
        context={"title": _("Ligne de la grille tarifaire"), "back": "inventory:grading"},
        success_message=_("Prix enregistré."),
        success_url="inventory:grading",
    )
