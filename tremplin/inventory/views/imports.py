"""Import of devices from a CSV or Excel file: upload, per-row errors (nothing saved), then confirm to save all rows."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from tremplin.core.permissions import role_required

from ..forms import ImportForm
from ..services.devices import receive_devices
from ..services.imports import template_csv, template_xlsx, validate_csv
from .common import STOCK_ROLES, batches_for, stock_sites


@role_required(*STOCK_ROLES)
def device_import(request):
    form = ImportForm(
        request.POST or None, request.FILES or None, sites=stock_sites(request.user), batches=batches_for(request.user)
    )
    result = None
    if request.method == "POST" and form.is_valid():
        result = validate_csv(form.cleaned_data["content"])
        if result.ok and "confirm" in request.POST:
            created = receive_devices(
                request.user, form.cleaned_data["site"], result.rows, batch=form.cleaned_data["batch"]
            )
            messages.success(
                request,
                ngettext("%(count)s appareil enregistré.", "%(count)s appareils enregistrés.", len(created))
                % {"count": len(created)},
            )
            return redirect("inventory:device_list")
        form = ImportForm(
            initial={
                "site": form.cleaned_data["site"],
                "batch": form.cleaned_data["batch"],
                "content": form.cleaned_data["content"],
            },
            sites=stock_sites(request.user),
            batches=batches_for(request.user),
        )
    return render(request, "inventory/device_import.html", {"form": form, "result": result})


@role_required(*STOCK_ROLES)
def import_template(request):
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-import-materiel.csv"'
    return response


@role_required(*STOCK_ROLES)
def import_template_xlsx(request):
    response = HttpResponse(
        template_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="modele-import-materiel.xlsx"'
    return response
