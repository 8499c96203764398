"""The referrer's portal: my referrals, a new referral, one referral's status and progress."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tremplin.core.confirm import is_confirmed
from tremplin.core.pagination import paginate
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role
from tremplin.core.text import fill

from . import progress, services
from .forms import ReferralForm
from .models import Referral
from .nearest import Nearness, nearness, needs_covered, ranked_sites

PAGE_SIZE = 25


def own_referrals(user):
    return Referral.objects.visible_to(user).filter(referrer=user)


@role_required(Role.REFERRER)
def referral_list(request):
    referrals = own_referrals(request.user).select_related("target_site").order_by("-created_at", "pk")
    page = paginate(referrals, request.GET.get("page"), per_page=PAGE_SIZE)
    return render(request, "referrals/referral_list.html", {"page": page})


@role_required(Role.REFERRER)
def referral_create(request):
    """The form, then a review step (where the person is sent, other sites, a referral already open for the
    same person), then the referral. The review is a page of its own: it works without JavaScript."""
    form = ReferralForm(request.POST or None, user=request.user)
    editing = request.POST.get("edit") == "1"
    if request.method == "POST" and not editing and form.is_valid():
        if not is_confirmed(request):
            return _review(request, form)
        data = form.service_fields()
        try:
            referral, created = services.create_referral(
                request.user,
                partner=data.pop("partner"),
                idempotency_key=data.pop("idempotency_key"),
                target_site=data.pop("target_site"),
                **data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if created:
                messages.success(
                    request,
                    fill(
                        _("Orientation envoyée à %(site)s. Donnez le bon d'orientation à la personne."),
                        site=referral.target_site.name,
                    ),
                )
            else:
                messages.info(request, _("Cette orientation avait déjà été envoyée : la voici."))
            return redirect("referrals:detail", referral.pk)
    if editing:
        form = ReferralForm(request.POST, user=request.user)
        form.errors.clear()  # back from the review: the values come back, not error messages
    return render(request, "referrals/referral_form.html", {"form": form})


def _review(request, form):
    data = form.cleaned_data
    sites = ranked_sites(data["postal_code"], data["needs"])
    proposed = data.get("target_site") or (sites[0] if sites else None)
    if proposed is not None and proposed not in sites:
        proposed.covered = needs_covered(proposed, data["needs"])
        proposed.nearness = nearness(proposed, data["postal_code"])
        sites.insert(0, proposed)
    carried = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "confirmed", "target_site", "edit")
        for value in values
    ]
    context = {
        "form": form,
        "person": f"{data['first_name']} {data['last_name']}",
        "commune": f"{data['postal_code']} {data['commune']}",
        "proposed": proposed,
        "sites": sites,
        "carried": carried,
        "already_open": Referral.objects.open_for_same_person(
            partner=data["partner"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            birth_year=data["birth_year"],
        ),
        "Nearness": Nearness,
    }
    return render(request, "referrals/referral_review.html", context)


@role_required(Role.REFERRER)
def referral_detail(request, pk):
    referrals = own_referrals(request.user).select_related("target_site", "partner", "proof_type")
    referral = get_object_or_404(referrals, pk=pk)
    services.view_referral(request.user, referral)
    history = referral.status_changes.select_related("site").order_by("at", "pk")
    return render(
        request,
        "referrals/referral_detail.html",
        {"referral": referral, "history": history, "progress": progress.summary(referral)},
    )
