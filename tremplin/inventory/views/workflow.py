"""POST-only actions on one device: status moves, erasure, grading, reservation, after-sales ticket."""

from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core.formfields import search_text
from tremplin.core.models import AccessLog, log_access
from tremplin.core.permissions import role_required
from tremplin.core.text import normalise
from tremplin.people.models import Beneficiary
from tremplin.people.search import search_by_name

from ..forms import ErasureForm, GradeForm, ReserveForm, TicketForm, TransitionForm
from ..models import Device, Status
from ..services import aftersales, devices, grading
from .common import (
    PERSON_ROLES,
    STOCK_ROLES,
    VOLUNTEER_TARGETS,
    WORKSHOP_ROLES,
    error_text,
    is_stock_staff,
    person_param,
)


def _device(request, pk):
    return get_object_or_404(Device.objects.visible_to(request.user), pk=pk)


def _stocked_device(request, pk):
    """The device, if the user is stock staff (manager, mediator) of its site; 404 otherwise (volunteers too)."""
    device = _device(request, pk)
    if not is_stock_staff(request.user, device.site_id):
        raise Http404
    return device


def _apply(request, device, action, success_message):
    """Run one device service; its refusal (ValidationError) becomes an error message. Back to the device."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, success_message)
    return redirect(device)


def _form_errors(form):
    return " ".join(
        f"{form.fields[name].label if name in form.fields else ''} : {' '.join(errs)}".strip(" :")
        for name, errs in form.errors.items()
    )


@require_POST
@role_required(*WORKSHOP_ROLES)
def device_transition(request, pk):
    device = _device(request, pk)
    to_status = request.POST.get("to_status", "")
    form = TransitionForm(request.POST, prefix=to_status) if to_status else None
    if form is None:
        form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(device)
    to_status = form.cleaned_data["to_status"]
    if to_status not in Status.values:
        raise Http404
    if not is_stock_staff(request.user, device.site_id) and to_status not in VOLUNTEER_TARGETS:
        raise Http404
    try:
        devices.transition(
            request.user,
            device,
            to_status,
            note=form.cleaned_data["note"],
            recycler=form.cleaned_data["recycler"],
            recycled_on=form.cleaned_data["recycled_on"],
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Statut : %(status)s.") % {"status": Status(to_status).label})
    return redirect(device)


@require_POST
@role_required(*WORKSHOP_ROLES)
def device_erasure(request, pk):
    device = _device(request, pk)
    form = ErasureForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(device)
    return _apply(
        request,
        device,
        lambda: devices.record_erasure(request.user, device, operator=request.user, **form.cleaned_data),
        _("Effacement des données enregistré."),
    )


@require_POST
@role_required(*STOCK_ROLES)
def device_grade(request, pk):
    device = _stocked_device(request, pk)
    form = GradeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(device)
    try:
        device = grading.grade_device(
            request.user, device, override_grade=form.cleaned_data["override_grade"], reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Appareil classé : %(grade)s.") % {"grade": device.get_grade_display()})
    return redirect(device)


@role_required(*PERSON_ROLES)
def device_reserve(request, pk):
    """Search a person the user's sites follow, then reserve the device for them until a date."""
    device = _stocked_device(request, pk)
    people = Beneficiary.objects.visible_to(request.user).active()
    # The name search is posted (action=search), so no name ever appears in a URL or a server log.
    searching = request.method == "POST" and request.POST.get("action") == "search"
    form = ReserveForm(None if searching else (request.POST or None))
    if request.method == "POST" and not searching and form.is_valid():
        person = get_object_or_404(people, pk=form.cleaned_data["beneficiary"])
        until = timezone.make_aware(datetime.combine(form.cleaned_data["until"], time(23, 59)))
        try:
            devices.reserve_device(request.user, device, person, until)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Appareil réservé."))
        return redirect(device)
    query = search_text(request.POST.get("q", "")) if searching else ""
    matches = []
    if len(normalise(query)) >= 2:
        matches = list(search_by_name(people, query, user=request.user).in_list_order()[:20])
    elif person_param(request):  # coming from the person's page: offer that person straight away
        matches = list(people.filter(pk=person_param(request)))
        for person in matches:
            log_access(request.user, person, AccessLog.Action.VIEW, reason="réservation de matériel")
    return render(
        request,
        "inventory/device_reserve.html",
        {
            "device": device,
            "form": form,
            "query": query,
            "matches": matches,
            "searched": bool(query) or bool(matches),
        },
    )


@require_POST
@role_required(*PERSON_ROLES)
def device_release(request, pk):
    device = _stocked_device(request, pk)
    return _apply(
        request,
        device,
        lambda: devices.release_reservation(request.user, device),
        _("Réservation levée : l'appareil est de nouveau disponible."),
    )


@require_POST
@role_required(*STOCK_ROLES)
def ticket_create(request, pk):
    device = _stocked_device(request, pk)
    form = TicketForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(device)
    try:
        ticket = aftersales.open_ticket(request.user, device, form.cleaned_data["problem"])
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(device)
    messages.success(request, _("Ticket de SAV ouvert."))
    return redirect("inventory:ticket_detail", pk=ticket.pk)
