"""Funder reports: the request form (scope, period, introduction), the list, and the PDF."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.formfields import parse_id
from tremplin.core.pdf import pdf_response
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role

from . import figures
from .forms_reports import PROGRAMME, ReportForm
from .programmes import Programme
from .report_pdf import build_report
from .reports import FunderReport
from .sharing import check_scope_allowed
from .views_programmes import progress_rows

REPORT_ROLES = (Role.NETWORK_ADMIN, Role.SITE_MANAGER)


@role_required(*REPORT_ROLES)
def report_list(request):
    reports = FunderReport.objects.visible_to(request.user).select_related("programme").order_by("-created_at")[:100]
    return render(request, "stats/reports/list.html", {"reports": reports})


def _initial(request):
    initial = {"period_start": timezone.localdate().replace(month=1, day=1), "period_end": timezone.localdate()}
    programme_id = parse_id(request.GET.get("programme") or "")
    programme = Programme.objects.visible_to(request.user).filter(pk=programme_id).first() if programme_id else None
    if programme:
        initial.update(
            scope_kind=PROGRAMME,
            programme=programme.pk,
            period_start=programme.starts_on,
            period_end=programme.ends_on,
            title=_("Rapport d'activité — %(name)s") % {"name": programme.name},
        )
    return initial


@role_required(*REPORT_ROLES)
def report_create(request):
    form = ReportForm(request.POST or None, user=request.user, initial=None if request.POST else _initial(request))
    if request.method == "POST" and form.is_valid():
        arguments = form.scope_arguments()
        try:
            saved_sites = check_scope_allowed(request.user, **arguments)
        except PermissionDenied:
            raise Http404 from None
        with transaction.atomic():
            report = FunderReport.objects.create(
                title=form.cleaned_data["title"],
                introduction=form.cleaned_data["introduction"],
                created_by=request.user,
                programme=arguments["programme"],
                whole_network=arguments["whole_network"],
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
            )
            if saved_sites:
                report.sites.set(saved_sites)
        return redirect("stats:report_pdf", report.pk)
    return render(request, "stats/reports/form.html", {"form": form})


def report_document(report):
    """The report's PDF document, figures recomputed now, small-count rule applied (it leaves the network)."""
    scope = report.scope(mask_small_counts=True)
    board = figures.dashboard(scope, report.period)
    progress = progress_rows(report.programme, True, report.programme_site_ids) if report.programme_id else ()
    funder = report.programme.funder if report.programme_id else ""
    return build_report(
        title=report.title, introduction=report.introduction, board=board, funder=funder, progress=progress
    )


@role_required(*REPORT_ROLES)
def report_pdf(request, pk):
    report = get_object_or_404(FunderReport.objects.visible_to(request.user).select_related("programme"), pk=pk)
    return pdf_response(report_document(report), f"rapport-{report.pk}-{report.period_start:%Y%m%d}.pdf", inline=False)
