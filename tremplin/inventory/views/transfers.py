"""Transfers between sites and after-sales tickets."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tremplin.core.formfields import parse_id
from tremplin.core.pagination import paginate
from tremplin.core.permissions import role_required

from .. import sale_links
from ..forms import TicketCloseForm, TransferForm, TransferReceiveForm
from ..models import AfterSalesTicket, Device, Transfer
from ..services import aftersales
from ..services.transfers import TRANSFERABLE_STATUSES, receive_transfer, send_transfer
from .common import STOCK_ROLES, error_text, is_stock_staff, stock_sites


@role_required(*STOCK_ROLES)
def transfer_list(request):
    transfers = Transfer.objects.visible_to(request.user).select_related("from_site", "to_site").order_by("-sent_at")
    page = paginate(transfers, request.GET.get("page"))
    return render(request, "inventory/transfer_list.html", {"page": page, "sites": stock_sites(request.user)})


@role_required(*STOCK_ROLES)
def transfer_create(request):
    sites = stock_sites(request.user)
    raw = request.POST.get("from") or request.GET.get("from") or ""
    from_site = get_object_or_404(sites, pk=parse_id(raw)) if raw.isdigit() else sites.order_by("name").first()
    if from_site is None:
        raise Http404
    candidates = (
        Device.objects.filter(site=from_site, status__in=TRANSFERABLE_STATUSES)
        .exclude(transfer_lines__transfer__status=Transfer.Status.SENT)
        .order_by("asset_tag")
    )
    form = TransferForm(request.POST or None, from_site=from_site, devices=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = send_transfer(
                request.user, from_site, form.cleaned_data["to_site"], form.cleaned_data["devices"]
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Transfert envoyé."))
            return redirect(transfer)
    return render(
        request, "inventory/transfer_form.html", {"form": form, "from_site": from_site, "sites": sites.order_by("name")}
    )


@role_required(*STOCK_ROLES)
def transfer_detail(request, pk):
    transfer = get_object_or_404(
        Transfer.objects.visible_to(request.user).select_related("from_site", "to_site", "sent_by", "received_by"),
        pk=pk,
    )
    lines = transfer.lines.select_related("device").order_by("device__asset_tag")
    can_receive = transfer.status == Transfer.Status.SENT and is_stock_staff(request.user, transfer.to_site_id)
    devices = Device.objects.filter(transfer_lines__transfer=transfer).order_by("asset_tag")
    form = TransferReceiveForm(request.POST or None, devices=devices) if can_receive else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                receive_transfer(
                    request.user, transfer, form.cleaned_data["received"], form.cleaned_data["discrepancy_note"]
                )
            except ValidationError as error:
                form.add_error("discrepancy_note", error_text(error))
            else:
                messages.success(request, _("Transfert réceptionné."))
                return redirect(transfer)
    return render(request, "inventory/transfer_detail.html", {"transfer": transfer, "lines": lines, "form": form})


@role_required(*STOCK_ROLES)
def ticket_list(request):
    tickets = (
        AfterSalesTicket.objects.filter(device__in=Device.objects.visible_to(request.user))
        .select_related("device")
        .order_by("status", "-opened_at")
    )
    page = paginate(tickets, request.GET.get("page"))
    return render(request, "inventory/ticket_list.html", {"page": page})


@role_required(*STOCK_ROLES)
def ticket_detail(request, pk):
    ticket = get_object_or_404(
        AfterSalesTicket.objects.filter(device__in=Device.objects.visible_to(request.user)).select_related(
            "device", "opened_by"
        ),
        pk=pk,
    )
    open_ = ticket.status != AfterSalesTicket.Status.CLOSED
    form = TicketCloseForm(request.POST or None) if open_ else None
    if request.method == "POST" and "start" in request.POST and open_:
        try:
            aftersales.start_ticket(request.user, ticket)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Ticket pris en charge."))
        return redirect("inventory:ticket_detail", pk=ticket.pk)
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                aftersales.close_ticket(
                    request.user, ticket, form.cleaned_data["outcome"], form.cleaned_data["resolution_notes"]
                )
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, _("Ticket clos."))
                return redirect("inventory:ticket_detail", pk=ticket.pk)
    links = sale_links.links_for(ticket, request.user)
    return render(request, "inventory/ticket_detail.html", {"ticket": ticket, "form": form, "sale_links": links})
