"""Information/consent, eligibility checks and the timeline of a person."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tremplin.core.permissions import role_required

from . import services
from .forms import ConsentForm, EligibilityForm
from .models import EligibilityRecord
from .timeline import events_for, split_upcoming
from .views import CASEWORK, casework_record


def _active_record(request, pk):
    beneficiary = casework_record(request, pk)
    if beneficiary.anonymised_at:
        messages.error(request, _("Cette fiche est anonymisée : elle ne peut plus être complétée."))
        return None
    return beneficiary


def _form_page(request, form, beneficiary, heading, submit=None):
    return render(
        request,
        "people/form.html",
        {"form": form, "beneficiary": beneficiary, "heading": heading, "submit_label": submit or _("Enregistrer")},
    )


@role_required(*CASEWORK)
def consent_add(request, pk):
    beneficiary = _active_record(request, pk)
    if beneficiary is None:
        return redirect("people:detail", pk=pk)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_consent(request.user, beneficiary, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Information et accord enregistrés."))
            return redirect(beneficiary)
    return _form_page(request, form, beneficiary, _("Information et accord de la personne"))


@role_required(*CASEWORK)
def eligibility_add(request, pk):
    beneficiary = _active_record(request, pk)
    if beneficiary is None:
        return redirect("people:detail", pk=pk)
    form = EligibilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_eligibility(request.user, beneficiary, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Vérification d'éligibilité enregistrée."))
            return redirect(beneficiary)
    return _form_page(request, form, beneficiary, _("Vérifier l'éligibilité"))


@role_required(*CASEWORK)
def eligibility_renew(request, pk, record_pk):
    beneficiary = _active_record(request, pk)
    if beneficiary is None:
        return redirect("people:detail", pk=pk)
    previous = get_object_or_404(EligibilityRecord, pk=record_pk, beneficiary=beneficiary)
    form = EligibilityForm(request.POST or None, initial={"proof_type": previous.proof_type_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.renew_eligibility(request.user, previous, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Éligibilité renouvelée."))
            return redirect(beneficiary)
    return _form_page(request, form, beneficiary, _("Renouveler l'éligibilité"), _("Renouveler"))


@role_required(*CASEWORK)
def beneficiary_timeline(request, pk):
    beneficiary = casework_record(request, pk)
    services.view_beneficiary(request.user, beneficiary, reason="timeline")
    upcoming, past = split_upcoming(events_for(beneficiary, request.user))
    return render(request, "people/timeline.html", {"beneficiary": beneficiary, "upcoming": upcoming, "events": past})
