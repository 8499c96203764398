"""Reports: monthly statement per partner, accounting export, statistics of overrides (page + CSV)."""

from datetime import timedelta
from urllib.parse import urlencode

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.permissions import role_required
from tremplin.core.roles import Role
from tremplin.inventory.services.devices import add_months

from ..forms_admin import PartnerStatementForm, PeriodForm
from ..services import reports

REPORT_ROLES = (Role.NETWORK_ADMIN, Role.SITE_MANAGER)


def scope_of(user):
    """None (every site) for the national team, else the sites the user manages."""
    return None if user.is_network_admin else user.site_ids(Role.SITE_MANAGER)


def wants_csv(request):
    return request.GET.get("format") == "csv"


def csv_url(form):
    """The same report as CSV: the cleaned query (the default period made explicit) plus format=csv."""
    query = {}
    for name, value in form.cleaned_data.items():
        if hasattr(value, "pk"):
            value = value.pk
        elif name == "month":
            value = value.strftime("%Y-%m")
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        query[name] = value
    return "?" + urlencode({**query, "format": "csv"})


def _period_form(request):
    """The period of the GET query, or last month by default (the accountant's usual request)."""
    if "start" in request.GET or "end" in request.GET:
        return PeriodForm(request.GET)
    this_month = timezone.localdate().replace(day=1)
    last_month = add_months(this_month, -1)
    return PeriodForm({"start": last_month.isoformat(), "end": (this_month - timedelta(days=1)).isoformat()})


@role_required(*REPORT_ROLES)
def partner_statement(request):
    form = PartnerStatementForm(request.GET if "partner" in request.GET else None)
    statement = None
    if form.is_valid():
        statement = reports.partner_statement(
            form.cleaned_data["partner"], form.cleaned_data["month"], scope_of(request.user)
        )
        if wants_csv(request):
            return reports.csv_response(
                f"releve-partenaire-{statement.partner.pk}-{statement.start:%Y-%m}.csv",
                [_("Ticket"), _("Date"), _("Espace"), _("Montant (€)")],
                reports.partner_statement_csv(statement),
            )
    context = {"form": form, "statement": statement, "csv_url": csv_url(form) if statement else ""}
    return render(request, "till/reports/partner_statement.html", context)


@role_required(Role.NETWORK_ADMIN)
def accounting_export(request):
    form = _period_form(request)
    totals = None
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"] + timedelta(days=1)
        totals = reports.accounting_totals(start, end)
        if wants_csv(request):
            return reports.csv_response(
                f"export-comptable-{start:%Y-%m-%d}-{form.cleaned_data['end']:%Y-%m-%d}.csv",
                reports.ACCOUNTING_HEADER,
                reports.accounting_csv(totals),
            )
    context = {"form": form, "totals": totals, "csv_url": csv_url(form) if totals else ""}
    return render(request, "till/reports/accounting.html", context)


@role_required(*REPORT_ROLES)
def override_statistics(request):
    form = _period_form(request)
    stats = None
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"] + timedelta(days=1)
        stats = reports.override_stats(start, end, scope_of(request.user))
        if wants_csv(request):
            return reports.csv_response(
                f"derogations-{start:%Y-%m-%d}-{form.cleaned_data['end']:%Y-%m-%d}.csv",
                [_("Mois"), _("Espace"), _("Catégorie"), _("Lignes en dérogation")],
                [[row["month"].strftime("%m/%Y"), row["site"], row["key"], row["n"]] for row in stats.rows],
            )
    context = {"form": form, "stats": stats, "csv_url": csv_url(form) if stats else ""}
    return render(request, "till/reports/overrides.html", context)
