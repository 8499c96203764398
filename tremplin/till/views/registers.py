"""The till's entry: the registers the user may open, and each register's page."""

from django.shortcuts import get_object_or_404, render

from tremplin.core.permissions import role_required
from tremplin.core.roles import Role

from ..models import Register, Sale
from ..services.sessions import open_session_of

TILL_VIEW_ROLES = (Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR)


@role_required(*TILL_VIEW_ROLES)
def index(request):
    registers = Register.objects.visible_to(request.user).select_related("site")
    rows = [(register, open_session_of(register)) for register in registers]
    return render(request, "till/index.html", {"rows": rows})


@role_required(*TILL_VIEW_ROLES)
def register_detail(request, pk):
    register = get_object_or_404(Register.objects.visible_to(request.user).select_related("site"), pk=pk)
    return render(
        request,
        "till/register.html",
        {"register": register, "session": open_session_of(register), "sales": register.sales.order_by("-number")[:20]},
    )


@role_required(*TILL_VIEW_ROLES)
def sale_detail(request, pk):
    sale = get_object_or_404(Sale.objects.visible_to(request.user).select_related("register__site"), pk=pk)
    return render(request, "till/sale.html", {"sale": sale})
