"""Share links: create, list and revoke (their creator, the national team); open without login."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tremplin.core.confirm import ask_confirmation, is_confirmed
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role
from tremplin.core.text import fill

from . import figures, sharing
from .forms_reports import ShareLinkForm
from .smallcounts import RULE_TEXT
from .views_programmes import progress_rows

SHARE_ROLES = (Role.NETWORK_ADMIN, Role.SITE_MANAGER)


@role_required(*SHARE_ROLES)
def share_list(request):
    links = sharing.ShareLink.objects.managed_by(request.user).select_related("programme", "created_by")[:200]
    return render(request, "stats/sharing/list.html", {"links": links, "now": timezone.now()})


@role_required(*SHARE_ROLES)
def share_create(request):
    initial = {"period_start": timezone.localdate().replace(month=1, day=1), "period_end": timezone.localdate()}
    form = ShareLinkForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            link, token = sharing.create_share_link(
                request.user,
                label=form.cleaned_data["label"],
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                days=form.cleaned_data["days"],
                **form.scope_arguments(),
            )
        except PermissionDenied:
            raise Http404 from None
        # The token is shown once, here; only its hash is kept.
        url = request.build_absolute_uri(reverse("stats:shared", args=[token]))
        response = render(request, "stats/sharing/created.html", {"link": link, "url": url})
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "stats/sharing/form.html", {"form": form})


@require_POST
@role_required(*SHARE_ROLES)
def share_revoke(request, pk):
    link = get_object_or_404(sharing.ShareLink.objects.managed_by(request.user), pk=pk)
    if not is_confirmed(request):
        return ask_confirmation(
            request,
            title=fill(_("Révoquer le lien « %(label)s » ?"), label=link.label),
            consequences=[_("Le lien cessera aussitôt de fonctionner pour toute personne qui l'a reçu.")],
            confirm_label=_("Révoquer le lien"),
            cancel_url=reverse("stats:share_list"),
        )
    sharing.revoke(request.user, link)
    messages.success(request, _("Lien révoqué."))
    return redirect("stats:share_list")


@login_not_required
@never_cache
def shared(request, token):
    """The shared figures: aggregates of the saved scope and period, small-count rule always applied."""
    link = sharing.find_active(token)
    if link is None:
        return render(request, "stats/sharing/unavailable.html", status=404)
    scope = link.scope(mask_small_counts=True)
    board = figures.dashboard(scope, link.period)
    progress = progress_rows(link.programme, True, link.programme_site_ids) if link.programme_id else ()
    response = render(
        request,
        "stats/sharing/shared.html",
        {"link": link, "board": board, "mask": True, "rule_text": RULE_TEXT, "rows": progress},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
