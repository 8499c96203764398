"""Downloads of the statistics: every dashboard table (XLSX, CSV) and the activities in the Coop layout."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.permissions import role_required
from tremplin.core.roles import Role

from . import coop_export, exports, figures
from .forms import read_filters
from .programmes import Programme, apply_programme, programme_choices
from .scope import scope_for
from .views import STATS_ROLES, effective_scope


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _scope_and_filters(request, *, show_mediators):
    """(form, scope, period, filters) as the dashboard reads them; the form carries any French error."""
    scope = scope_for(request.user)
    form, period, filters = read_filters(
        request,
        scope,
        show_mediators=show_mediators and not scope.mask_small_counts,
        programme_choices=programme_choices(request.user),
    )
    scope = apply_programme(request.user, scope, filters)
    return form, effective_scope(scope, filters), period, filters


def _refuse(request, form):
    return render(request, "stats/export_error.html", {"form": form}, status=400)


def _refused(form):
    """A file is refused on a malformed filter, and on one outside the user's scope: the page drops it and says
    so (form.notices), but a file cannot say it — and its export links never carry it. A mediator typed by an
    observer (who has no mediator filter) stays ignored, as documented."""
    for key in (key for key in form.dropped if key != "mediateur"):
        message = _("Le filtre « %(filter)s » n'est pas dans votre périmètre : retirez-le de l'adresse.")
        form.add_error(None, message % {"filter": key})
    return bool(form.errors)


def _stamp(period):
    return f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"


@role_required(*STATS_ROLES)
def export(request, fmt):
    """The dashboard's tables for the same filters: ?table=<key> for one CSV table (default: key figures)."""
    if fmt not in ("xlsx", "csv"):
        raise Http404
    form, scope, period, filters = _scope_and_filters(request, show_mediators=True)
    if _refused(form):
        return _refuse(request, form)
    board = figures.dashboard(scope, period, filters.replace(site_id=None))
    programme_name = ""
    if filters.programme_id:
        # Only a programme the user may see is named (an unknown or hidden one gives an empty scope, unnamed).
        visible = Programme.objects.visible_to(request.user).filter(pk=filters.programme_id)
        programme_name = visible.values_list("name", flat=True).first() or ""
    context = exports.ExportContext(scope.label, exports.filters_in_words(filters, programme_name=programme_name))
    if fmt == "xlsx":
        return _download(
            exports.workbook_bytes(board, context),
            exports.XLSX_CONTENT_TYPE,
            f"statistiques-{_stamp(period)}.xlsx",
        )
    key = (request.GET.get("table") or exports.HEADLINE_KEY).strip()
    found = exports.find_table(board, key)
    if found is None:
        form.add_error(None, _("Ce tableau n'existe pas."))
        return _refuse(request, form)
    _title, rows = found
    safe_key = "".join(char for char in key if char.isalnum() or char in "-_")[:40]
    return _download(
        exports.csv_bytes(rows), "text/csv; charset=utf-8", f"statistiques-{safe_key}-{_stamp(period)}.csv"
    )


@role_required(Role.NETWORK_ADMIN, Role.SITE_MANAGER)
def coop(request, fmt):
    """Activities of the scope, period and filters in the Coop's layout (one row per activity).

    Row-level, so staff only (observers get aggregates); no person in it (coop_export.py).
    """
    if fmt not in ("xlsx", "csv"):
        raise Http404
    form, scope, period, filters = _scope_and_filters(request, show_mediators=True)
    if _refused(form):
        return _refuse(request, form)
    if scope.mask_small_counts:  # a site manager who is also an observer elsewhere: staff scope only
        raise Http404
    activities = figures.scoped_activities(scope, period, filters.replace(site_id=None))
    rows = coop_export.coop_rows(activities)
    filename = f"activites-coop-{_stamp(period)}-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "xlsx":
        return _download(coop_export.xlsx_bytes(rows), exports.XLSX_CONTENT_TYPE, filename)
    return _download(coop_export.csv_bytes(rows), "text/csv; charset=utf-8", filename)
