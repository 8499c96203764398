"""Finding, creating, reading and editing a person's record."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core.formfields import parse_id
from tremplin.core.pagination import paginate
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role
from tremplin.network.models import Site

from . import services
from .access import can_read_casework, casework_site_ids, sites_of
from .actions import actions_for, current_for
from .forms import BeneficiaryForm, WalkInForm, walk_in_sites
from .models import Beneficiary
from .records import casework_records
from .timeline import recent_events

STAFF = (Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER)
CASEWORK = (Role.SITE_MANAGER, Role.MEDIATOR)
ATTACH_SALT = "people.attach"
ATTACH_MAX_AGE = 30 * 60
SEARCH_SESSION_KEY = "people_search"
RECENT_EVENTS = 5  # the person's page: "Derniers événements"


def casework_record(request, pk):
    """The record, if the user may read its social details; 404 otherwise (volunteers included)."""
    beneficiary = get_object_or_404(Beneficiary.objects.casework_visible_to(request.user), pk=pk)
    if beneficiary.merged_into_id:
        raise Http404
    return beneficiary


@role_required(*STAFF)
def beneficiary_list(request):
    """The search box posts its query, kept in the session: names and phones never appear in URLs."""
    if request.method == "POST":
        query = request.POST.get("q", "").strip()[:100]
        if query:
            request.session[SEARCH_SESSION_KEY] = query
        else:
            request.session.pop(SEARCH_SESSION_KEY, None)
        return redirect("people:list")
    query = request.session.get(SEARCH_SESSION_KEY, "")
    # Results not ranked by a search score come in list order (no case, no accents): pages by keyset.
    results = services.search_beneficiaries(request.user, query)
    counted = services.rows_to_count(request.user, query)
    page = paginate(results, request.GET.get("page"), seek=request.GET, count_rows=counted)
    return render(
        request,
        "people/list.html",
        {
            "page": page,
            "query": query,
            "can_create": walk_in_sites(request.user).exists(),
            "show_details": bool(casework_site_ids(request.user)),
        },
    )


def _duplicate_candidates(request, form):
    found = services.find_duplicates(
        first_name=form.cleaned_data["first_name"],
        last_name=form.cleaned_data["last_name"],
        birth_name=form.cleaned_data.get("birth_name", ""),
        birth_year=form.cleaned_data.get("birth_year"),
        phone=form.cleaned_data.get("phone"),
        email=form.cleaned_data.get("email"),
    )
    visible = set(
        Beneficiary.objects.visible_to(request.user).filter(pk__in=[b.pk for b in found]).values_list("pk", flat=True)
    )
    site = form.cleaned_data["site"]
    for candidate in found:
        candidate.is_visible = candidate.pk in visible
        candidate.at_this_site = any(s.pk == site.pk for s in candidate.sites.all())
        candidate.name_matched = bool({"name", "name_birth_year"} & set(candidate.duplicate_reasons))
        # A signed, short-lived ticket: only a record shown here as a duplicate can be attached.
        candidate.attach_token = signing.dumps(
            {"b": str(candidate.pk), "s": site.pk, "u": request.user.pk}, salt=ATTACH_SALT
        )
    return found


def safe_next(request):
    """Where to go back after creating or attaching a person (e.g. the attendance sheet); local URLs only."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if allowed else ""


# Another room starts a record for someone it already knows (a call-back request): the values the walk-in
# form opens with, put in the session (never in the address) and read once.
PREFILL_SESSION_KEY = "people_prefill"
PREFILL_FIELDS = ("first_name", "phone", "preferred_channel", "accommodations", "site", "origin")
SOURCE_SALT = "people.create.source"  # the other room's object the record is made from, signed in the form
REQUEST_MESSAGE_MAX = 300  # referrals.CallbackRequest.message
REQUEST_NEED_MAX = 100  # the label of referrals.CallbackRequest.need


def _initial_site(request):
    site_id = request.GET.get("espace", "")
    if parse_id(site_id) is not None:
        return walk_in_sites(request.user).filter(pk=parse_id(site_id)).first()
    return None


@role_required(*CASEWORK)
def beneficiary_create(request):
    sites = walk_in_sites(request.user)
    if not sites.exists():
        raise Http404
    next_url = safe_next(request)
    initial = {"site": _initial_site(request)}
    if request.method == "GET":
        prefill = request.session.pop(PREFILL_SESSION_KEY, None) or {}
        initial.update({key: value for key, value in prefill.items() if key in PREFILL_FIELDS and value})
        # What the person wrote in their request: shown beside the form, kept only in the form's POST body.
        request_message = str(prefill.get("request_message") or "")
        request_need = str(prefill.get("request_need") or "")
        source = signing.dumps(str(prefill["source"]), salt=SOURCE_SALT) if prefill.get("source") else ""
    else:
        request_message = request.POST.get("request_message", "")
        request_need = request.POST.get("request_need", "")
        source = request.POST.get("source", "")
    request_message = request_message[:REQUEST_MESSAGE_MAX]
    request_need = request_need[:REQUEST_NEED_MAX]
    form = WalkInForm(request.POST or None, user=request.user, initial=initial)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        duplicates = _duplicate_candidates(request, form)
        if duplicates and not form.cleaned_data["create_anyway"]:
            messages.warning(request, _("Cette personne existe peut-être déjà : vérifiez les fiches ci-dessous."))
        else:
            try:
                beneficiary = services.create_beneficiary(
                    request.user,
                    form.cleaned_data["site"],
                    origin=form.cleaned_data["origin"],
                    source=_source(source),
                    **form.person_fields(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Fiche créée."))
                if next_url:
                    messages.info(request, _("Vous pouvez maintenant choisir la personne dans la liste."))
                    return redirect(next_url)
                return redirect(beneficiary)
    return render(
        request,
        "people/create.html",
        {
            "form": form,
            "duplicates": duplicates,
            "next_url": next_url,
            "request_message": request_message,
            "request_need": request_need,
            "source": source,
        },
    )


def _source(token):
    """The other room's object the record is made from ("callback:<uuid>"), when the signed token is ours."""
    try:
        return signing.loads(token, salt=SOURCE_SALT, max_age=24 * 3600) if token else None
    except signing.BadSignature:
        return None


@role_required(*CASEWORK)
@require_POST
def beneficiary_attach(request):
    """Attach a record found as a duplicate to the user's site (the record may belong to another site)."""
    try:
        ticket = signing.loads(request.POST.get("token", ""), salt=ATTACH_SALT, max_age=ATTACH_MAX_AGE)
    except signing.BadSignature as error:
        raise Http404 from error
    if ticket.get("u") != request.user.pk or ticket.get("s") not in casework_site_ids(request.user):
        raise Http404
    beneficiary = get_object_or_404(Beneficiary.objects.active(), pk=ticket["b"])
    site = get_object_or_404(Site, pk=ticket["s"])
    services.attach_to_site(request.user, beneficiary, site)
    messages.success(request, _("La personne est maintenant suivie par %(site)s.") % {"site": site.name})
    return redirect(safe_next(request) or beneficiary)


@role_required(*STAFF)
def beneficiary_detail(request, pk):
    beneficiary = get_object_or_404(Beneficiary.objects.visible_to(request.user), pk=pk)
    if beneficiary.merged_into_id:
        messages.info(request, _("Cette fiche a été fusionnée avec une autre : voici la fiche conservée."))
        return redirect(beneficiary.merged_into)
    services.view_beneficiary(request.user, beneficiary)
    # One query for the sites the page lists and every room's check of them (people.access.sites_of).
    sites = sites_of(beneficiary)
    # Links and current items come from the rooms above (workshops, activities, inventory); each one
    # decides from the user's roles at the person's sites, so a volunteer only gets "Saisir une activité".
    person_actions = actions_for(beneficiary, request.user)
    if not can_read_casework(request.user, beneficiary):
        return render(
            request, "people/detail_reduced.html", {"beneficiary": beneficiary, "person_actions": person_actions}
        )
    # Read once for the lists below and the "Derniers événements" box (the people room's timeline provider).
    consents, eligibility_records = casework_records(beneficiary)
    # A renewal is a record of the same person (renew_eligibility; a merge moves every record): the renewed
    # ones are known from the person's own records, without asking each one for its renewals.
    renewed_ids = {record.renewed_from_id for record in eligibility_records if record.renewed_from_id}
    return render(
        request,
        "people/detail.html",
        {
            "beneficiary": beneficiary,
            "sites": sites,
            "consents": consents,
            "eligibility_records": eligibility_records,
            "renewed_ids": renewed_ids,
            "recent_events": recent_events(beneficiary, request.user, RECENT_EVENTS),
            "is_manager": request.user.has_role(Role.SITE_MANAGER),
            "person_actions": person_actions,
            "current_items": current_for(beneficiary, request.user),
        },
    )


@role_required(*CASEWORK)
def beneficiary_edit(request, pk):
    beneficiary = casework_record(request, pk)
    if beneficiary.anonymised_at:
        raise Http404
    form = BeneficiaryForm(request.POST or None, instance=Beneficiary.objects.get(pk=beneficiary.pk))
    if request.method == "GET":
        services.view_beneficiary(request.user, beneficiary, reason="edit")
    if request.method == "POST" and form.is_valid():
        try:
            services.update_beneficiary(request.user, beneficiary, **form.person_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Fiche mise à jour."))
            return redirect(beneficiary)
    return render(
        request,
        "people/form.html",
        {"form": form, "beneficiary": beneficiary, "heading": _("Modifier la fiche"), "submit_label": _("Enregistrer")},
    )
