"""The site's referral inbox: list by age, open one, contact, accept, decline, transfer."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core.confirm import ask_confirmation, is_confirmed
from tremplin.core.pagination import AFTER, BEFORE, paginate
from tremplin.core.permissions import role_required
from tremplin.core.phones import national_format
from tremplin.core.roles import SITE_CASEWORK_ROLES
from tremplin.core.text import fill
from tremplin.network.models import Site
from tremplin.people.models import Beneficiary
from tremplin.people.views import PREFILL_SESSION_KEY

from . import services
from .choices import ContactOutcome
from .forms import AcceptForm, ContactAttemptForm, DeclineForm, InboxFilterForm, TransferForm
from .models import CallbackRequest, Referral, waiting_warning_days
from .services.callbacks import CALLBACK_OUTCOMES

STAFF = tuple(SITE_CASEWORK_ROLES)
PAGE_SIZE = 25
PAGE_KEYS = ("page", AFTER, BEFORE)


def received(user):
    return Referral.objects.visible_to(user).received_by(user)


def _get(request, pk):
    return get_object_or_404(
        received(request.user).select_related("target_site", "partner", "referrer", "proof_type", "transferred_from"),
        pk=pk,
    )


@role_required(*STAFF)
def inbox(request):
    sites = Site.objects.filter(pk__in=request.user.site_ids(*SITE_CASEWORK_ROLES)).order_by("name")
    form = InboxFilterForm(request.GET or None, sites=sites)
    referrals = form.filter(received(request.user)).select_related("target_site", "partner")
    referrals = referrals.order_by("received_at", "pk")
    page = paginate(referrals, request.GET.get("page"), per_page=PAGE_SIZE, seek=request.GET)
    query_string = urlencode([(key, value) for key, value in request.GET.items() if key not in PAGE_KEYS and value])
    return render(
        request,
        "referrals/inbox.html",
        {
            "form": form,
            "page": page,
            "query_string": query_string,
            "warning_days": waiting_warning_days(),
            "waiting_count": received(request.user).waiting_too_long().count(),
            "show_site": len(sites) > 1,
            "callbacks": CallbackRequest.objects.received_by(request.user)
            .waiting()
            .select_related("site")
            .order_by("created_at", "pk"),
            "called_count": CallbackRequest.objects.received_by(request.user).filter(called_at__isnull=False).count(),
        },
    )


@role_required(*STAFF)
def callback_list(request):
    """Call-back requests already handled, most recently called first, until their deletion date: a person
    who calls again, or asks for their request to be deleted early, is found here."""
    callbacks = (
        CallbackRequest.objects.received_by(request.user)
        .filter(called_at__isnull=False)
        .select_related("site", "called_by")
        .order_by("-called_at", "pk")
    )
    page = paginate(callbacks, request.GET.get("page"), per_page=PAGE_SIZE)
    sites = request.user.site_ids(*SITE_CASEWORK_ROLES)
    return render(request, "referrals/callback_list.html", {"page": page, "show_site": len(sites) > 1})


def _get_callback(request, pk):
    return get_object_or_404(CallbackRequest.objects.received_by(request.user).select_related("site"), pk=pk)


@role_required(*STAFF)
def callback_detail(request, pk):
    """A self-referral from the public pages: who to call back, at which number, for what."""
    callback = services.view_callback_request(request.user, _get_callback(request, pk))
    record = None
    if callback.beneficiary_id:
        record = Beneficiary.objects.visible_to(request.user).filter(pk=callback.beneficiary_id).first()
    return render(
        request,
        "referrals/callback_detail.html",
        {
            "callback": callback,
            "phone": national_format(callback.phone),
            "outcomes": [(value, ContactOutcome(value).label) for value in CALLBACK_OUTCOMES],
            "record": record,
        },
    )


@role_required(*STAFF)
@require_POST
def callback_person(request, pk):
    """Start the person's record from the request: the walk-in form opens filled from it (services.record_prefill:
    first name, phone, site, a direct request to be reached by a call; the person's « précisions » shown beside
    the form), kept in the session, never in the address."""
    callback = _get_callback(request, pk)
    request.session[PREFILL_SESSION_KEY] = services.record_prefill(callback)
    return redirect("people:create")


@role_required(*STAFF)
@require_POST
def callback_called(request, pk):
    """The result of a call: handled (reached, appointment, wrong number) or still waiting (no answer…)."""
    callback = _get_callback(request, pk)
    try:
        callback = services.record_callback_outcome(request.user, callback, request.POST.get("outcome", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("referrals:callback_detail", pk=callback.pk)
    if callback.called_at:
        messages.success(
            request,
            _("« %(outcome)s » noté : la demande est traitée.") % {"outcome": callback.get_outcome_display()},
        )
    else:
        messages.info(
            request,
            _("« %(outcome)s » noté : la demande reste à traiter, rappelez plus tard.")
            % {"outcome": callback.get_outcome_display()},
        )
    return redirect("referrals:inbox")


@role_required(*STAFF)
def find_by_code(request):
    """Where the voucher's QR code leads: the referral with this code, if the user may see it."""
    code = request.GET.get("code", "")
    referral = services.find_by_code(request.user, code)
    if referral is None or referral.target_site_id not in request.user.site_ids(*SITE_CASEWORK_ROLES):
        if code:
            messages.error(request, _("Aucune orientation de vos espaces ne correspond à ce code."))
        return redirect("referrals:inbox")
    return redirect("referrals:staff_detail", referral.pk)


def _render_detail(request, referral, *, status=200, **forms):
    forms.setdefault("contact_form", ContactAttemptForm())
    forms.setdefault("decline_form", DeclineForm())
    forms.setdefault("transfer_form", TransferForm(referral=referral))
    context = {
        "referral": referral,
        "attempts": referral.contact_attempts.select_related("by").order_by("-at", "-pk"),
        "history": referral.status_changes.select_related("site", "by").order_by("at", "pk"),
        **forms,
    }
    return render(request, "referrals/staff_detail.html", context, status=status)


@role_required(*STAFF)
def staff_detail(request, pk):
    referral = _get(request, pk)
    services.view_referral(request.user, referral)
    return _render_detail(request, referral)


@role_required(*STAFF)
@require_POST
def record_contact(request, pk):
    referral = _get(request, pk)
    form = ContactAttemptForm(request.POST)
    if form.is_valid():
        try:
            services.record_contact_attempt(request.user, referral, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Tentative de contact enregistrée."))
            return redirect("referrals:staff_detail", referral.pk)
    return _render_detail(request, referral, status=400, contact_form=form)


@role_required(*STAFF)
@require_POST
def decline(request, pk):
    referral = _get(request, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        if not is_confirmed(request):
            reason = dict(form.fields["reason"].choices)[form.cleaned_data["reason"]]
            return ask_confirmation(
                request,
                title=_("Refuser l'orientation %(code)s ?") % {"code": referral.display_code},
                summary=_("Motif : %(reason)s") % {"reason": reason},
                consequences=[
                    _("L'orientation est close : elle ne pourra plus être acceptée."),
                    _("Le prescripteur reçoit un e-mail tout de suite, avec ce motif."),
                ],
                confirm_label=_("Refuser et prévenir le prescripteur"),
                cancel_url=reverse("referrals:staff_detail", args=[referral.pk]),
            )
        try:
            services.decline_referral(request.user, referral, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Orientation refusée. Le prescripteur est prévenu."))
            return redirect("referrals:staff_detail", referral.pk)
    return _render_detail(request, referral, status=400, decline_form=form)


@role_required(*STAFF)
@require_POST
def transfer(request, pk):
    referral = _get(request, pk)
    form = TransferForm(request.POST, referral=referral)
    if form.is_valid():
        to_site = form.cleaned_data["to_site"]
        if not is_confirmed(request):
            return ask_confirmation(
                request,
                title=fill(
                    _("Transférer l'orientation %(code)s à %(site)s ?"),
                    code=referral.display_code,
                    site=to_site.name,
                ),
                consequences=[
                    fill(
                        _("L'orientation quitte la boîte de votre espace pour celle de %(site)s."),
                        site=to_site.name,
                    ),
                    _("Le prescripteur en est prévenu par e-mail."),
                ],
                confirm_label=_("Transférer et prévenir le prescripteur"),
                cancel_url=reverse("referrals:staff_detail", args=[referral.pk]),
                danger=False,
            )
        try:
            services.transfer_referral(request.user, referral, to_site=to_site)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, fill(_("Orientation transférée à %(site)s."), site=to_site.name))
            if to_site.pk in request.user.site_ids(*SITE_CASEWORK_ROLES):
                return redirect("referrals:staff_detail", referral.pk)
            return redirect("referrals:inbox")
    return _render_detail(request, referral, status=400, transfer_form=form)


def duplicate_candidates(referral):
    from tremplin.people.services import find_duplicates

    return find_duplicates(
        first_name=referral.first_name,
        last_name=referral.last_name,
        birth_year=referral.birth_year,
        phone=str(referral.phone) if referral.phone else None,
        email=referral.email or None,
    )


@role_required(*STAFF)
def accept(request, pk):
    """Accept: choose between a new record and one of the possible duplicates, then confirm (POST)."""
    referral = _get(request, pk)
    if not referral.is_open:
        messages.info(request, _("Cette orientation est déjà traitée."))
        return redirect("referrals:staff_detail", referral.pk)
    if request.method == "GET":
        services.view_referral(request.user, referral, reason="accept")
    candidates = duplicate_candidates(referral)
    form = AcceptForm(request.POST or None, candidates=candidates, site=referral.target_site)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.accept_referral(request.user, referral, beneficiary=form.chosen_beneficiary())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Orientation acceptée : la personne est accompagnée par votre espace."))
            return redirect("referrals:staff_detail", referral.pk)
    return render(request, "referrals/accept.html", {"referral": referral, "form": form, "candidates": candidates})
