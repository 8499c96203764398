"""Activity pages: quick entry, the site's list, one record."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tremplin.core.formfields import search_text
from tremplin.core.models import AccessLog, log_access
from tremplin.core.pagination import paginate
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role
from tremplin.people.models import Beneficiary
from tremplin.people.visibility import check_people

from . import choices
from .forms import QuickActivityForm
from .models import Activity
from .services import can_edit, record_activity, update_activity

RECORDERS = (Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER)
MAX_CANDIDATES = 8


def _is_search(request):
    # The person search is posted (action=search) so that a name never appears in a URL or a server log.
    return request.method == "POST" and request.POST.get("action") == "search"


def _candidates(request):
    """People offered in the form: the search results, or the person whose page the user came from."""
    query = search_text(request.POST.get("q", "")) if _is_search(request) else ""
    chosen = request.GET.get("personne") or request.POST.get("beneficiary")
    people = []
    if query:
        from tremplin.people.search import search_beneficiaries

        people = list(search_beneficiaries(request.user, query)[:MAX_CANDIDATES])
    if chosen:
        try:
            person = Beneficiary.objects.visible_to(request.user).active().filter(pk=chosen).first()
        except (ValueError, ValidationError):  # a malformed id is simply not offered
            person = None
        if person and person not in people:
            people.insert(0, person)
    return query, people


@role_required(*RECORDERS)
def quick_entry(request):
    query, candidates = _candidates(request)
    searching = _is_search(request)
    form = QuickActivityForm(None if searching else (request.POST or None), user=request.user, candidates=candidates)
    if request.method == "POST" and not searching and form.is_valid():
        activity = record_activity(request.user, form.save(commit=False))
        messages.success(request, _("Activité enregistrée."))
        if "again" in request.POST:
            return redirect("activities:quick_entry")
        return redirect(activity)
    return render(
        request,
        "activities/quick_entry.html",
        {"form": form, "query": query, "searched": bool(query), "candidates": candidates, "activity": None},
    )


@role_required(*RECORDERS)
def activity_list(request):
    activities = (
        Activity.objects.visible_to(request.user)
        .select_related("site", "recorded_by", "beneficiary")
        .order_by("-date", "-pk")
    )
    mine = request.GET.get("mine") == "1"
    kind = request.GET.get("type", "")
    if mine:
        activities = activities.filter(recorded_by=request.user)
    if kind in dict(choices.kind_choices()):
        activities = activities.filter(kind=kind)
    else:
        kind = ""
    # Deferred join: a deep page otherwise builds the OFFSET's rows with their joins (docs/performance.md).
    page = paginate(activities, request.GET.get("page"), deferred=True, seek=request.GET)
    # Whose names the page may show: one query over the page's people, not the user's whole scope.
    check_people(request.user, [activity.beneficiary_id for activity in page])
    query_string = urlencode({key: value for key, value in (("mine", "1" if mine else ""), ("type", kind)) if value})
    return render(
        request,
        "activities/activity_list.html",
        {
            "page": page,
            "mine": mine,
            "kind": kind,
            "kind_choices": choices.kind_choices(),
            "query_string": query_string,
        },
    )


@role_required(*RECORDERS)
def activity_detail(request, uuid):
    activity = get_object_or_404(
        Activity.objects.visible_to(request.user).select_related("site", "recorded_by", "beneficiary"), uuid=uuid
    )
    participants = list(activity.participants.all()[:200])
    check_people(request.user, [activity.beneficiary_id, *participants])
    if activity.beneficiary_id:
        log_access(request.user, activity.beneficiary, AccessLog.Action.VIEW, reason="fiche d'activité")
    return render(
        request,
        "activities/activity_detail.html",
        {"activity": activity, "participants": participants, "can_edit": can_edit(request.user, activity)},
    )


@role_required(*RECORDERS)
def activity_edit(request, uuid):
    activity = get_object_or_404(Activity.objects.visible_to(request.user).select_related("beneficiary"), uuid=uuid)
    if not can_edit(request.user, activity):
        raise Http404
    query, candidates = _candidates(request)
    if activity.beneficiary and activity.beneficiary not in candidates:
        candidates.insert(0, activity.beneficiary)
    form = QuickActivityForm(request.POST or None, instance=activity, user=request.user, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        update_activity(request.user, form.save(commit=False))
        messages.success(request, _("Activité corrigée."))
        return redirect(activity)
    return render(
        request,
        "activities/quick_entry.html",
        {"form": form, "query": query, "searched": bool(query), "candidates": candidates, "activity": activity},
    )
