"""Device list, detail, reception, scan box and label sheets."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tremplin.core.formfields import parse_id, search_text
from tremplin.core.models import AccessLog, log_access
from tremplin.core.pagination import paginate
from tremplin.core.pdf import pdf_response
from tremplin.core.permissions import role_required
from tremplin.people.visibility import may_see_person

from .. import pdfs
from ..forms import DeviceForm, ErasureForm, GradeForm, ReceiveForm, ScanForm, TicketForm, TransitionForm
from ..models import Category, Device, ErasureRecord, Grade, Status
from ..services.devices import next_statuses, receive_device
from ..services.grading import GRADABLE_STATUSES, compute_grade
from .common import (
    PERSON_ROLES,
    STOCK_ROLES,
    VOLUNTEER_TARGETS,
    WORKSHOP_ROLES,
    batches_for,
    is_stock_staff,
    person_param,
    stock_sites,
    workshop_sites,
)

FILTERS = ("status", "category", "grade", "site", "q")
# What a row of the device list shows, and the list's order (received_at, id).
LIST_FIELDS = (
    "asset_tag",
    "category",
    "brand",
    "model_name",
    "status",
    "grade",
    "solidarity_price",
    "received_at",
    "site__code",
)
MAX_LABELS = 240


def filtered_devices(request):
    devices = Device.objects.visible_to(request.user).select_related("site")
    params = {name: search_text(request.GET.get(name)) for name in FILTERS}
    if params["status"] in Status.values:
        devices = devices.filter(status=params["status"])
    if params["category"] in Category.values:
        devices = devices.filter(category=params["category"])
    if params["grade"] in Grade.values:
        devices = devices.filter(grade=params["grade"])
    if parse_id(params["site"]) is not None:
        devices = devices.filter(site_id=parse_id(params["site"]))
    if params["q"]:
        devices = devices.search(params["q"])
    return devices.order_by("-received_at", "-pk"), params


@role_required(*WORKSHOP_ROLES)
def device_list(request):
    devices, params = filtered_devices(request)
    # Only the columns a row shows (a device is 35 columns wide, its site 21): each row of the page cost as
    # much to build as the queries (docs/performance.md, "s20-scale").
    page = paginate(devices.only(*LIST_FIELDS), request.GET.get("page"), seek=request.GET)
    # Coming from a person's page ("Réserver un appareil"): the person's id rides along to the reserve form.
    for_person = person_param(request) if request.user.has_role(*PERSON_ROLES) else ""
    query_string = urlencode({name: value for name, value in params.items() if value})
    person_query = urlencode({"personne": for_person}) if for_person else ""
    return render(
        request,
        "inventory/device_list.html",
        {
            "page": page,
            "params": params,
            "query_string": "&".join(part for part in (query_string, person_query) if part),
            "statuses": Status.choices,
            "categories": Category.choices,
            "grades": Grade.choices,
            "sites": workshop_sites(request.user).order_by("name"),
            "labels_url": reverse("inventory:labels") + (f"?{query_string}" if query_string else ""),
            "for_person": for_person,
            "person_query": person_query,
        },
    )


@role_required(*WORKSHOP_ROLES)
def device_detail(request, pk):
    device = get_object_or_404(
        Device.objects.visible_to(request.user).select_related("site", "batch__donor", "reserved_for", "sold_to"),
        pk=pk,
    )
    user = request.user
    stock_staff = is_stock_staff(user, device.site_id)
    targets = next_statuses(device)
    if not stock_staff:
        targets = [status for status in targets if status in VOLUNTEER_TARGETS]
    erasure = ErasureRecord.objects.filter(device=device).select_related("operator").first()
    # "Erased" and "graded" are reached through their own forms (erasure record, grading) below.
    if not (erasure and erasure.verified):
        targets = [status for status in targets if status != Status.ERASED]
    if not device.grade:
        targets = [status for status in targets if status != Status.GRADED]
    if device.status == Status.RESERVED:
        targets = []  # "Lever la réservation" below puts it back on sale
    computed = compute_grade(device)
    person = device.reserved_for or device.sold_to
    show_person = stock_staff and may_see_person(user, person)  # the national team: a pseudonym only
    if show_person:
        log_access(user, person, AccessLog.Action.VIEW, reason="fiche matériel")
    erasure_form = ErasureForm(
        initial={
            "method": erasure.method,
            "tool": erasure.tool,
            "performed_on": erasure.performed_on,
            "verified": "1" if erasure.verified else "0",
            "verification_notes": erasure.verification_notes,
        }
        if erasure
        else None
    )
    return render(
        request,
        "inventory/device_detail.html",
        {
            "device": device,
            "events": device.events.select_related("actor")[:50],
            "erasure": erasure,
            "erasure_form": erasure_form,
            "transitions": [
                {"status": Status(status), "form": TransitionForm(initial={"to_status": status}, prefix=status)}
                for status in targets
            ],
            "can_edit_erasure": device.status not in (Status.SOLD, Status.RECYCLED),
            "grade_form": GradeForm() if stock_staff and device.status in GRADABLE_STATUSES else None,
            "computed_grade": computed,
            "computed_grade_label": Grade(computed).label if computed else "",
            "stock_staff": stock_staff,
            "can_edit": stock_staff and device.status in EDITABLE_STATUSES,
            "show_person": show_person,
            "person_query": urlencode({"personne": person_param(request)}) if person_param(request) else "",
            "can_reserve": device.status == Status.AVAILABLE and user.has_role(*PERSON_ROLES),
            "ticket_form": TicketForm() if stock_staff and device.status == Status.SOLD else None,
            "tickets": device.tickets.all() if stock_staff else [],
        },
    )


@role_required(*STOCK_ROLES)
def device_receive(request):
    sites = stock_sites(request.user)
    form = ReceiveForm(request.POST or None, sites=sites, batches=batches_for(request.user))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields if name not in ("site", "batch")}
        device = receive_device(request.user, form.cleaned_data["site"], fields, batch=form.cleaned_data["batch"])
        messages.success(request, _("Appareil %(tag)s enregistré.") % {"tag": device.asset_tag})
        if "another" in request.POST:
            return redirect("inventory:device_receive")
        return redirect(device)
    return render(request, "inventory/device_receive.html", {"form": form})


# Specs may be corrected while the device is on the bench, not once it is priced or gone.
EDITABLE_STATUSES = {Status.RECEIVED, Status.DIAGNOSIS, Status.ERASED, Status.REFURBISHED, Status.GRADED}


@role_required(*STOCK_ROLES)
def device_edit(request, pk):
    device = get_object_or_404(Device.objects.visible_to(request.user), pk=pk)
    if not is_stock_staff(request.user, device.site_id) or device.status not in EDITABLE_STATUSES:
        raise Http404
    form = DeviceForm(request.POST or None, instance=device)
    if request.method == "POST" and form.is_valid():
        # Only the form's fields are written: a status changed meanwhile is kept (a new category moves the
        # device's count in Device.save(), models/stock.py).
        form.save(commit=False).save(update_fields=DeviceForm.Meta.fields)
        messages.success(request, _("Fiche de l'appareil mise à jour."))
        return redirect(device)
    return render(request, "inventory/device_edit.html", {"form": form, "device": device})


@require_GET
@role_required(*WORKSHOP_ROLES)
def scan(request):
    """Typing or scanning a label (scanners type like a keyboard) opens the device."""
    form = ScanForm(request.GET or None)
    not_found = False
    if form.is_valid():
        matches = list(Device.objects.visible_to(request.user).find_by_label(form.cleaned_data["label"])[:2])
        if len(matches) == 1:
            return redirect(matches[0])
        not_found = True
    return render(request, "inventory/scan.html", {"form": form, "not_found": not_found})


@require_GET
@role_required(*WORKSHOP_ROLES)
def labels(request):
    """A PDF sheet of labels (QR code of the asset tag) for one device or the filtered list."""
    if request.GET.get("device", "").isdigit():
        devices = list(Device.objects.visible_to(request.user).filter(pk=parse_id(request.GET["device"])))
        if not devices:
            raise Http404
    else:
        queryset, _params = filtered_devices(request)
        devices = list(queryset[:MAX_LABELS])
    return pdf_response(pdfs.label_sheet(devices), "etiquettes-materiel.pdf")
