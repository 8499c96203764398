"""The mediator's decisions on a diagnostic's proposal, the person's bilan (PDF) and easy-to-read page.

Casework staff only (site managers, mediators of a site following the person); anyone else gets a 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tremplin.core.formfields import parse_id
from tremplin.core.models import AccessLog, log_access
from tremplin.core.pdf import pdf_response
from tremplin.core.permissions import role_required
from tremplin.people.access import can_read_casework
from tremplin.people.models import Beneficiary

from . import bilan, pathway
from .models import PathwayStep
from .views import CASEWORK, _assessment

NOTE_MAX = 200


def _message(error):
    return " ".join(getattr(error, "messages", [])) or _("Action impossible.")


@role_required(*CASEWORK)
def decide(request, pk):
    """One POST per decision: enrol (session), course, device (category), connectivity, orientation, ignore."""
    assessment = _assessment(request, pk)
    if request.method != "POST" or not assessment.is_completed:
        return redirect(assessment)
    action = request.POST.get("action", "")
    note = request.POST.get("note", "").strip()[:NOTE_MAX]
    user = request.user
    try:
        if action == "course":
            done = pathway.enrol_in_course(user, assessment, parse_id(request.POST.get("course")), note=note)
            if done is None:
                messages.error(request, _("Ce parcours n'est plus proposé à cette personne."))
                return redirect(assessment)
            messages.success(request, _("%(name)s est inscrit·e au parcours.") % {"name": assessment.beneficiary})
        elif action == "device":
            pathway.reserve_device(user, assessment, request.POST.get("category", ""), note=note)
            messages.success(request, _("Appareil réservé pour %(days)s jours.") % {"days": pathway.RESERVATION_DAYS})
        elif action == "connectivity":
            pathway.accept_connectivity(user, assessment, note=note)
            messages.success(request, _("L'offre de connexion est ajoutée au parcours."))
        elif action == "orientation":
            pathway.accept_orientation(user, assessment, request.POST.get("redirection", ""), note=note)
            messages.success(request, _("L'orientation est enregistrée."))
        elif action == "ignore":
            kind, area = request.POST.get("kind", ""), request.POST.get("area", "")[:40]
            pathway.ignore(user, assessment, kind, area)
            messages.success(request, _("Proposition écartée."))
        else:
            messages.error(request, _("Choix inconnu."))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message(error))
    return redirect(assessment)


@role_required(*CASEWORK)
def step_done(request, pk):
    step = get_object_or_404(
        PathwayStep.objects.select_related("beneficiary"),
        pk=pk,
        beneficiary__in=Beneficiary.objects.visible_to(request.user).active(),
    )
    if not can_read_casework(request.user, step.beneficiary):
        raise Http404
    if request.method == "POST":
        try:
            pathway.mark_done(request.user, step)
        except ValidationError as error:
            messages.error(request, _message(error))
        else:
            messages.success(request, _("Étape marquée comme faite."))
    return redirect("assessments:person", pk=step.beneficiary_id)


@role_required(*CASEWORK)
def bilan_pdf(request, pk):
    assessment = _assessment(request, pk)
    if not assessment.is_completed:
        raise Http404
    document = bilan.print_bilan(request.user, assessment)
    return pdf_response(document, f"bilan-parcours-{assessment.pk}.pdf")


@role_required(*CASEWORK)
def easy_read(request, pk):
    """A printable page for the person, in easy-to-read words (FALC), in the diagnostic's language."""
    assessment = _assessment(request, pk)
    if not assessment.is_completed:
        raise Http404
    log_access(request.user, assessment.beneficiary, AccessLog.Action.PRINT, reason=f"diagnostic facile à lire:{pk}")
    language = assessment.language or "fr"
    summary = bilan.build(assessment)
    # This page shows today's levels only (the PDF shows before → now).
    level_lines = [bilan.level_line(summary, name, None, after) for name, _before, after in summary.levels]
    return render(
        request,
        "assessments/easy_read.html",
        {
            "assessment": assessment,
            "person": assessment.beneficiary,
            "bilan": summary,
            "level_lines": level_lines,
            "rtl": summary.rtl,
            "language": language,
        },
    )
