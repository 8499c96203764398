"""The referrer's portal: my referrals, a new referral, one referral's status and progress."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tremplin.core.permissions import role_required
from tremplin.core.roles import Role

from . import progress, services
from .forms import ReferralForm
from .models import Referral

PAGE_SIZE = 25


def own_referrals(user):
    return Referral.objects.visible_to(user).filter(referrer=user)


@role_required(Role.REFERRER)
def referral_list(request):
    referrals = own_referrals(request.user).select_related("target_site").order_by("-created_at", "pk")
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "referrals/referral_list.html", {"page": page})


@role_required(Role.REFERRER)
def referral_create(request):
    form = ReferralForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
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
                    _("Orientation envoyée à %(site)s. Donnez le bon d'orientation à la personne.")
                    % {"site": referral.target_site.name},
                )
            else:
                messages.info(request, _("Cette orientation avait déjà été envoyée : la voici."))
            return redirect("referrals:detail", referral.pk)
    return render(request, "referrals/referral_form.html", {"form": form})


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
