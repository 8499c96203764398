from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tremplin.core.editing import save_or_render
from tremplin.core.formfields import search_text
from tremplin.core.pagination import paginate
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role

from . import services
from .forms import PartnerOrganisationForm, SiteForm
from .models import PartnerOrganisation, Site
from .opening_hours_grid import OpeningHoursForm

SITE_READERS = (Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER, Role.OBSERVER)
PARTNER_READERS = (Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER, Role.REFERRER)


@role_required(*SITE_READERS)
def site_list(request):
    query = search_text(request.GET.get("q"))
    sites = Site.objects.visible_to(request.user).matching(query).order_by("name")
    page = paginate(sites, request.GET.get("page"))
    query_string = urlencode({"q": query}) if query else ""
    return render(request, "network/site_list.html", {"page": page, "query": query, "query_string": query_string})


@role_required(*SITE_READERS)
def site_detail(request, pk):
    site = get_object_or_404(Site.objects.visible_to(request.user), pk=pk)
    can_edit_hours = Site.objects.managed_by(request.user).filter(pk=site.pk).exists()
    return render(request, "network/site_detail.html", {"site": site, "can_edit_hours": can_edit_hours})


@role_required(Role.NETWORK_ADMIN)
def site_edit(request, pk=None):
    site = get_object_or_404(Site, pk=pk) if pk else None
    return save_or_render(
        request,
        SiteForm(request.POST or None, instance=site),
        template="network/site_form.html",
        context={"site": site},
        success_message=_("Espace enregistré."),
        save=lambda form: services.save_site(request.user, form),
    )


@role_required(Role.NETWORK_ADMIN, Role.SITE_MANAGER)
def site_hours(request, pk):
    """Opening hours in a weekly grid, or as an OSM expression for the cases the grid does not cover."""
    site = get_object_or_404(Site.objects.managed_by(request.user), pk=pk)
    form = OpeningHoursForm(request.POST or None, expression=site.opening_hours)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_opening_hours(request.user, site, form.cleaned_data["opening_hours"])
        except ValidationError as error:
            form.add_error("expert" if form.source == form.SOURCE_EXPERT else None, error.messages)
        else:
            messages.success(request, _("Horaires enregistrés."))
            return redirect(site)
    return render(request, "network/site_hours.html", {"site": site, "form": form})


@role_required(*PARTNER_READERS)
def partner_list(request):
    query = search_text(request.GET.get("q"))
    partners = PartnerOrganisation.objects.visible_to(request.user).matching(query).order_by("name")
    page = paginate(partners, request.GET.get("page"))
    query_string = urlencode({"q": query}) if query else ""
    return render(request, "network/partner_list.html", {"page": page, "query": query, "query_string": query_string})


@role_required(*PARTNER_READERS)
def partner_detail(request, pk):
    partner = get_object_or_404(PartnerOrganisation.objects.visible_to(request.user), pk=pk)
    return render(request, "network/partner_detail.html", {"partner": partner})


@role_required(Role.NETWORK_ADMIN)
def partner_edit(request, pk=None):
    partner = get_object_or_404(PartnerOrganisation, pk=pk) if pk else None
    return save_or_render(
        request,
        PartnerOrganisationForm(request.POST or None, instance=partner),
        template="network/partner_form.html",
        context={"partner": partner},
        success_message=_("Structure partenaire enregistrée."),
        save=lambda form: services.save_partner(request.user, form),
    )
