"""Catalogue: the national team keeps it, every staff member reads it."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from tremplin.core.editing import save_or_render
from tremplin.core.pagination import paginate
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role

from .forms import WorkshopForm
from .models import Workshop

STAFF = (Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER)
CATALOGUE_READERS = (Role.NETWORK_ADMIN, *STAFF)


@role_required(*CATALOGUE_READERS)
def workshop_list(request):
    workshops = Workshop.objects.all() if request.user.is_network_admin else Workshop.objects.active()
    page = paginate(workshops.order_by("title", "pk"), request.GET.get("page"))
    return render(request, "workshops/workshop_list.html", {"page": page})


@role_required(*CATALOGUE_READERS)
def workshop_detail(request, pk):
    workshops = Workshop.objects.all() if request.user.is_network_admin else Workshop.objects.active()
    workshop = get_object_or_404(workshops, pk=pk)
    return render(request, "workshops/workshop_detail.html", {"workshop": workshop})


@role_required(Role.NETWORK_ADMIN)
def workshop_edit(request, pk=None):
    workshop = get_object_or_404(Workshop, pk=pk) if pk else None
    return save_or_render(
        request,
        WorkshopForm(request.POST or None, instance=workshop),
        template="workshops/workshop_form.html",
        context={"workshop": workshop},
        success_message=_("Atelier enregistré dans le catalogue."),
    )
