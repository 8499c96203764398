"""Donors, donation batches, the batch erasure certificate and the donor report."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tremplin.core.editing import save_or_render
from tremplin.core.pagination import paginate
from tremplin.core.pdf import pdf_response
from tremplin.core.permissions import role_required

from .. import pdfs
from ..forms import BatchForm, DonorForm
from ..models import DonationBatch, Donor
from ..services.reports import donor_report as donor_report_rows
from .common import STOCK_ROLES, stock_sites


@role_required(*STOCK_ROLES)
def donor_list(request):
    donors = Donor.objects.annotate(n_batches=Count("batches")).order_by("name")
    page = paginate(donors, request.GET.get("page"))
    return render(request, "inventory/donor_list.html", {"page": page})


@role_required(*STOCK_ROLES)
def donor_edit(request, pk=None):
    donor = get_object_or_404(Donor, pk=pk) if pk else None
    return save_or_render(
        request,
        DonorForm(request.POST or None, instance=donor),
        template="inventory/donor_form.html",
        context={"donor": donor},
        success_message=_("Donateur enregistré."),
    )


@role_required(*STOCK_ROLES)
def donor_detail(request, pk):
    donor = get_object_or_404(Donor, pk=pk)
    batches = donor_report_rows(DonationBatch.objects.visible_to(request.user).filter(donor=donor))
    return render(request, "inventory/donor_detail.html", {"donor": donor, "batches": batches})


@role_required(*STOCK_ROLES)
def batch_create(request):
    form = BatchForm(request.POST or None, sites=stock_sites(request.user), initial={"donor": request.GET.get("donor")})
    if request.method == "POST" and form.is_valid():
        batch = form.save(commit=False)
        batch.created_by = request.user
        batch.save()
        messages.success(request, _("Lot de don enregistré."))
        return redirect(batch)
    return render(request, "inventory/batch_form.html", {"form": form})


@role_required(*STOCK_ROLES)
def batch_detail(request, pk):
    batch = get_object_or_404(DonationBatch.objects.visible_to(request.user).select_related("donor", "site"), pk=pk)
    devices = batch.devices.select_related("erasure").order_by("asset_tag")
    page = paginate(devices, request.GET.get("page"))
    return render(request, "inventory/batch_detail.html", {"batch": batch, "page": page})


@require_GET
@role_required(*STOCK_ROLES)
def batch_certificate(request, pk):
    batch = get_object_or_404(DonationBatch.objects.visible_to(request.user).select_related("donor", "site"), pk=pk)
    devices = list(batch.devices.select_related("erasure__operator").order_by("asset_tag"))
    return pdf_response(pdfs.erasure_certificate(batch, devices), f"certificat-effacement-lot-{batch.pk}.pdf")


@role_required(*STOCK_ROLES)
def donor_report(request):
    rows = donor_report_rows(DonationBatch.objects.visible_to(request.user))
    page = paginate(rows, request.GET.get("page"))
    return render(request, "inventory/donor_report.html", {"page": page})
