"""Merging duplicates, exporting a person's data and anonymising on request."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tremplin.core.pagination import paginate
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role

from . import services
from .forms import AnonymiseForm, MergeConfirmForm
from .models import Beneficiary
from .views import CASEWORK, casework_record


def _active(request, pk):
    beneficiary = casework_record(request, pk)
    if beneficiary.anonymised_at:
        raise Http404
    return beneficiary


@role_required(Role.SITE_MANAGER)
def merge_pick(request, pk):
    """Find the other record of the same person (search among records the manager may read)."""
    beneficiary = _active(request, pk)
    # Posted, not in the URL: a name or a phone number never appears in an address.
    query = request.POST.get("q", "").strip()[:100] if request.method == "POST" else ""
    candidates = services.find_duplicates(
        first_name=beneficiary.first_name,
        last_name=beneficiary.last_name,
        birth_name=beneficiary.birth_name,
        birth_year=beneficiary.birth_year,
        phone=str(beneficiary.phone or ""),
        email=beneficiary.email,
        exclude=beneficiary,
    )
    readable = Beneficiary.objects.casework_visible_to(request.user)
    readable_ids = set(readable.filter(pk__in=[c.pk for c in candidates]).values_list("pk", flat=True))
    suggestions = [c for c in candidates if c.pk in readable_ids]
    results = []
    if query:
        found = services.search_beneficiaries(request.user, query).filter(pk__in=readable.values("pk"))
        results = paginate(found.exclude(pk=beneficiary.pk), 1)
    return render(
        request,
        "people/merge_pick.html",
        {"beneficiary": beneficiary, "query": query, "suggestions": suggestions, "results": results},
    )


@role_required(Role.SITE_MANAGER)
def merge_confirm(request, pk, other_pk):
    """Keep `pk`, merge `other_pk` into it after showing what moves."""
    keep = _active(request, pk)
    remove = _active(request, other_pk)
    plan = services.merge_plan(keep, remove)
    form = MergeConfirmForm(request.POST or None)
    if request.method == "GET":
        for beneficiary in (keep, remove):
            services.view_beneficiary(request.user, beneficiary, reason="merge")
    if request.method == "POST" and form.is_valid():
        try:
            services.merge_beneficiaries(request.user, keep, remove)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Les deux fiches ont été fusionnées."))
            return redirect(keep)
    return render(
        request,
        "people/merge_confirm.html",
        {"keep": keep, "remove": remove, "plan": plan, "form": form, "remove_sites": remove.sites.order_by("name")},
    )


@role_required(*CASEWORK)
def export_page(request, pk):
    beneficiary = casework_record(request, pk)
    data = services.export_beneficiary(request.user, beneficiary)
    return render(request, "people/export.html", {"beneficiary": beneficiary, "data": data})


@role_required(*CASEWORK)
def export_json(request, pk):
    beneficiary = casework_record(request, pk)
    data = services.export_beneficiary(request.user, beneficiary)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    # Opaque file name: the person's id, never their name.
    response["Content-Disposition"] = f'attachment; filename="personne-{beneficiary.pk}.json"'
    return response


@role_required(Role.SITE_MANAGER)
def anonymise(request, pk):
    beneficiary = _active(request, pk)
    form = AnonymiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.anonymise_beneficiary(request.user, beneficiary, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La fiche a été anonymisée."))
            return redirect("people:detail", pk=beneficiary.pk)
    return render(request, "people/anonymise.html", {"beneficiary": beneficiary, "form": form})
