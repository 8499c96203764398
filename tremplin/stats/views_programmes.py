"""Programme pages: list, detail with progress against targets, create/edit (national team), observer grants."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core.editing import save_or_render
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role

from .forms_reports import GrantForm, ProgrammeForm
from .programmes import Programme, ProgrammeGrant, programme_progress, programme_site_ids
from .smallcounts import RULE_TEXT, display_value

STATS_ROLES = (Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.OBSERVER)


def masks_for(user):
    """Observers see counts under 5 as "< 5"; staff see exact figures."""
    return not (user.is_network_admin or user.has_role(Role.SITE_MANAGER))


@role_required(*STATS_ROLES)
def programme_list(request):
    programmes = (
        Programme.objects.visible_to(request.user)
        .select_related("funder_partner")
        .prefetch_related("sites", "targets")
        .order_by("-starts_on", "name")
    )
    return render(request, "stats/programmes/list.html", {"programmes": programmes})


def progress_rows(programme, mask, site_ids=None):
    rows = []
    for progress in programme_progress(programme, mask_small_counts=mask, site_ids=site_ids):
        unit = progress.kind.unit if progress.kind else "count"
        rows.append(
            {
                "progress": progress,
                "label": progress.target.kind_label,
                "target": display_value(progress.target.value, unit),
                "achieved": display_value(progress.achieved, unit, mask) if progress.achieved is not None else None,
                # The share is hidden when the achieved count is masked (it would give it back).
                "percent": None
                if progress.achieved is None or (mask and unit == "count" and 0 < progress.achieved < 5)
                else progress.percent,
            }
        )
    return rows


@role_required(*STATS_ROLES)
def programme_detail(request, pk):
    programme = get_object_or_404(
        Programme.objects.visible_to(request.user).select_related("funder_partner").prefetch_related("sites"), pk=pk
    )
    mask = masks_for(request.user)
    site_ids = programme_site_ids(programme, request.user)
    context = {
        "programme": programme,
        "rows": progress_rows(programme, mask, site_ids),
        "limited_to": None if site_ids is None else [site for site in programme.sites.all() if site.pk in site_ids],
        "mask": mask,
        "rule_text": RULE_TEXT,
        "is_admin": request.user.is_network_admin,
        "stats_query": urlencode({**programme.period.query_params(), "programme": programme.pk}),
    }
    if request.user.is_network_admin:
        context["grants"] = programme.grants.select_related("user").order_by("user__full_name")
        context["grant_form"] = GrantForm(programme=programme)
    return render(request, "stats/programmes/detail.html", context)


@role_required(Role.NETWORK_ADMIN)
def programme_edit(request, pk=None):
    programme = get_object_or_404(Programme, pk=pk) if pk else None
    return save_or_render(
        request,
        ProgrammeForm(request.POST or None, instance=programme),
        template="stats/programmes/form.html",
        context={"programme": programme},
        success_message=_("Programme enregistré."),
        save=lambda form: form.save_with_targets(request.user),
    )


@require_POST
@role_required(Role.NETWORK_ADMIN)
def programme_grant(request, pk):
    programme = get_object_or_404(Programme, pk=pk)
    form = GrantForm(request.POST, programme=programme)
    if form.is_valid():
        ProgrammeGrant.objects.get_or_create(
            programme=programme, user=form.cleaned_data["user"], defaults={"granted_by": request.user}
        )
        messages.success(request, _("Accès au programme donné."))
    else:
        messages.error(request, _("Choisissez un compte financeur ou acteur public."))
    return redirect(programme)


@require_POST
@role_required(Role.NETWORK_ADMIN)
def programme_revoke_grant(request, pk, grant_pk):
    grant = get_object_or_404(ProgrammeGrant, pk=grant_pk, programme_id=pk)
    grant.delete()
    messages.success(request, _("Accès au programme retiré."))
    return redirect(grant.programme)
