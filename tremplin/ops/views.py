"""Pages: scheduled jobs (national team), records soon anonymised (site managers), consent withdrawal."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tremplin.core.confirm import ask_confirmation, is_confirmed
from tremplin.core.dates import display
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role
from tremplin.people.access import can_read_casework
from tremplin.people.actions import CurrentItem, PersonAction
from tremplin.people.models import Beneficiary

from . import retention
from .jobs import job_statuses


@role_required(Role.NETWORK_ADMIN)
def job_list(request):
    return render(request, "ops/jobs.html", {"statuses": job_statuses(), "now": timezone.now()})


class KeepForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motif du contact"),
        max_length=200,
        min_length=5,
        help_text=gettext_lazy("Par exemple « accompagnement en cours, rendez-vous prévu ». Pas de détail de santé."),
    )


def _retention_people(request):
    return retention.soon_anonymised(request.user.site_ids(Role.SITE_MANAGER))


@role_required(Role.SITE_MANAGER)
def retention_list(request):
    return render(
        request,
        "ops/retention.html",
        {
            "people": _retention_people(request),
            "form": KeepForm(),
            "months": settings.TREMPLIN_RETENTION_MONTHS,
        },
    )


@require_POST
@role_required(Role.SITE_MANAGER)
def retention_keep(request, pk):
    scope = Beneficiary.objects.filter(
        pk__in=Beneficiary.sites.through.objects.filter(site_id__in=request.user.site_ids(Role.SITE_MANAGER)).values(
            "beneficiary_id"
        )
    ).active()
    beneficiary = get_object_or_404(scope, pk=pk)
    form = KeepForm(request.POST)
    if form.is_valid():
        try:
            retention.keep_record(request.user, beneficiary, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Contact noté : la fiche est conservée deux ans de plus."))
            return redirect("ops:retention")
    people = _retention_people(request)
    return render(
        request,
        "ops/retention.html",
        {
            "people": people,
            "form": form,
            "failed": beneficiary.pk,
            "months": settings.TREMPLIN_RETENTION_MONTHS,
        },
        status=400,
    )


def consent_withdrawal_action(beneficiary, user):
    if not can_read_casework(user, beneficiary) or retention.consent_withdrawal_of(beneficiary) is not None:
        return []
    return [PersonAction(_("Retrait du consentement"), reverse("ops:consent_withdraw", args=[beneficiary.pk]), 90)]


def consent_withdrawn_item(beneficiary, user):
    """Shown on the record (what is under way): the person withdrew their consent."""
    withdrawal = retention.consent_withdrawal_of(beneficiary)
    if withdrawal is None or not can_read_casework(user, beneficiary):
        return []
    return [
        CurrentItem(
            "consent",
            _("Consentement retiré le %(date)s : aucun message n'est envoyé")
            % {"date": display(withdrawal.withdrawn_at, "date_short")},
        )
    ]


def consent_withdraw(request, pk):
    beneficiary = get_object_or_404(Beneficiary.objects.visible_to(request.user).active(), pk=pk)
    if not can_read_casework(request.user, beneficiary):
        raise Http404
    if not is_confirmed(request):
        return ask_confirmation(
            request,
            title=_("Retrait du consentement"),
            consequences=[
                _("Plus aucun SMS ni e-mail ne sera envoyé à la personne ; les messages en attente sont annulés."),
                _("La fiche est marquée « consentement retiré »."),
                _("Vous pourrez ensuite anonymiser la fiche, si la personne le demande."),
            ],
            confirm_label=_("Enregistrer le retrait"),
            cancel_url=beneficiary.get_absolute_url(),
        )
    retention.withdraw_consent(request.user, beneficiary)
    messages.success(
        request,
        _(
            "Retrait du consentement enregistré : plus aucun message ne partira. "
            "Proposez à la personne d'anonymiser sa fiche."
        ),
    )
    if request.user.has_role(Role.SITE_MANAGER):
        return redirect("people:anonymise", pk=beneficiary.pk)
    return redirect(beneficiary)
