"""Taking a diagnostic with a mediator (one screen per area) and reading its result, for casework staff only.

Everyone else (volunteers, referrers, observers, staff of other sites) gets a 404, as for the rest of the
person's casework. Every result page writes the access log.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tremplin.core.dates import display
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role
from tremplin.people.access import can_read_casework
from tremplin.people.models import Beneficiary
from tremplin.people.services import view_beneficiary

from . import pathway, proposals, services
from .charts import chart, chart_height
from .forms import AreaForm, ContextForm, StartForm
from .models import RTL_LANGUAGES, Assessment, Questionnaire

CASEWORK = (Role.SITE_MANAGER, Role.MEDIATOR)


def _person(request, pk):
    person = get_object_or_404(Beneficiary.objects.visible_to(request.user).active(), pk=pk)
    if not can_read_casework(request.user, person):
        raise Http404
    return person


def _assessment(request, pk):
    assessment = get_object_or_404(
        Assessment.objects.select_related("beneficiary", "questionnaire", "site"),
        pk=pk,
        beneficiary__in=Beneficiary.objects.visible_to(request.user).active(),
    )
    if not can_read_casework(request.user, assessment.beneficiary):
        raise Http404
    return assessment


def _open(request, pk):
    assessment = _assessment(request, pk)
    if assessment.is_completed:
        return assessment, redirect(assessment)
    return assessment, None


def _progress_chart(previous, latest):
    geometry = chart(services.progress_rows(previous, latest)) if previous else []
    return {"chart": geometry, "chart_height": chart_height(geometry)}


@role_required(*CASEWORK)
def person_assessments(request, pk):
    person = _person(request, pk)
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.start_assessment(request.user, person, language=form.cleaned_data["language"])
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [])) or _("Action impossible."))
            return redirect("assessments:person", pk=person.pk)
        if assessment.resumed:
            messages.info(
                request,
                _("Le diagnostic commencé le %(date)s n'était pas terminé : vous le reprenez.")
                % {"date": display(assessment.started_at, "date_short")},
            )
            return redirect("assessments:resume", pk=assessment.pk)
        return redirect("assessments:context", pk=assessment.pk)
    view_beneficiary(request.user, person, reason="diagnostics")
    pathway.sync_states(person)
    latest = Assessment.objects.completed().filter(beneficiary=person).order_by("-completed_at").first()
    previous = services.previous_of(latest) if latest else None
    return render(
        request,
        "assessments/person.html",
        {
            "person": person,
            "form": form,
            "assessments": person.assessments.select_related("questionnaire").order_by("-started_at"),
            "questionnaire": Questionnaire.objects.current(),
            "unfinished": services.unfinished_of(person),
            "latest": latest,
            "previous": previous,
            **_progress_chart(previous, latest),
            "steps": pathway.pathway_of(person),
        },
    )


@role_required(*CASEWORK)
def resume(request, pk):
    """An unfinished diagnostic taken up again: the first page with an unanswered question."""
    assessment, done = _open(request, pk)
    if done:
        return done
    step = services.resume_step(assessment)
    if step is None:
        return redirect("assessments:finish", pk=assessment.pk)
    if step == 0:
        return redirect("assessments:context", pk=assessment.pk)
    return redirect("assessments:area", pk=assessment.pk, step=step)


@role_required(*CASEWORK)
def context_step(request, pk):
    assessment, done = _open(request, pk)
    if done:
        return done
    initial = {
        "devices": assessment.devices,
        "internet": assessment.internet,
        "email_access": {True: "yes", False: "no"}.get(assessment.email_access),
        "goals": assessment.goals,
    }
    form = ContextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_context(request.user, assessment, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("assessments:area", pk=assessment.pk, step=1)
    return render(request, "assessments/context.html", _step_context(assessment, form, 0))


def _step_context(assessment, form, step):
    areas = list(assessment.questionnaire.areas.all())
    return {
        "assessment": assessment,
        "person": assessment.beneficiary,
        "form": form,
        "step": step,
        "areas": areas,
        "total": len(areas),
        "area": areas[step - 1] if step else None,
    }


@role_required(*CASEWORK)
def area_step(request, pk, step):
    assessment, done = _open(request, pk)
    if done:
        return done
    areas = list(assessment.questionnaire.areas.all())
    if not 1 <= step <= len(areas):
        raise Http404
    area = areas[step - 1]
    items = list(area.items.all())
    saved = {r.item_id: r.value for r in assessment.responses.filter(item__area=area)}
    form = AreaForm(
        request.POST or None,
        items=items,
        language=assessment.language,
        initial={f"item_{pk}": value for pk, value in saved.items()},
    )
    if request.method == "POST" and form.is_valid():
        services.save_answers(request.user, assessment, form.answers())
        if "previous" in request.POST:
            return (
                redirect("assessments:area", pk=assessment.pk, step=step - 1)
                if step > 1
                else redirect("assessments:context", pk=assessment.pk)
            )
        if step < len(areas):
            return redirect("assessments:area", pk=assessment.pk, step=step + 1)
        return redirect("assessments:finish", pk=assessment.pk)
    context = _step_context(assessment, form, step)
    area_lang = assessment.language if area.names.get(assessment.language) else "fr"
    context["area_name"] = area.names[area_lang]
    context["area_lang"], context["area_dir"] = area_lang, "rtl" if area_lang in RTL_LANGUAGES else "ltr"
    return render(request, "assessments/area.html", context)


@role_required(*CASEWORK)
def finish(request, pk):
    assessment, done = _open(request, pk)
    if done:
        return done
    if request.method == "POST":
        services.complete_assessment(request.user, assessment)
        messages.success(request, _("Diagnostic terminé."))
        return redirect(assessment)
    answered = assessment.responses.count()
    return render(
        request,
        "assessments/finish.html",
        {**_step_context(assessment, None, 0), "answered": answered},
    )


@role_required(*CASEWORK)
def result(request, pk):
    assessment = _assessment(request, pk)
    if not assessment.is_completed:
        return redirect("assessments:context", pk=assessment.pk)
    services.view_result(request.user, assessment)
    areas = list(assessment.questionnaire.areas.all())
    responses = {r.item_id: r for r in assessment.responses.all()}
    rows = [
        (area, assessment.levels.get(area.code), [(item, responses.get(item.pk)) for item in area.items.all()])
        for area in areas
    ]
    previous = services.previous_of(assessment)
    pathway.sync_states(assessment.beneficiary)
    proposal = proposals.propose(assessment, request.user)
    return render(
        request,
        "assessments/result.html",
        {
            "assessment": assessment,
            "person": assessment.beneficiary,
            "rows": rows,
            "proposal": proposal,
            "previous": previous,
            **_progress_chart(previous, assessment),
            "device_categories": [
                (value, label, proposal.device_stock.get(value, 0)) for value, label in proposals.DEVICE_CATEGORIES
            ],
            "redirections": proposals.redirection_choices(),
        },
    )


@role_required(*CASEWORK)
def enrol(request, pk):
    assessment = _assessment(request, pk)
    if request.method != "POST" or not assessment.is_completed:
        return redirect(assessment)
    try:
        session_pk = int(request.POST.get("session", ""))
    except ValueError:
        session_pk = None
    try:
        enrollments = pathway.enrol_from_proposal(request.user, assessment, session_pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(assessment)
    if enrollments is None:
        messages.error(request, _("Cette séance n'est plus proposée à cette personne."))
    elif enrollments[0].position:  # only a waiting-list enrolment has a rank (workshops' constraint)
        messages.success(
            request,
            _("La séance est complète : %(name)s est en liste d'attente (rang %(position)s).")
            % {"name": assessment.beneficiary, "position": enrollments[0].position},
        )
    else:
        messages.success(request, _("%(name)s est inscrit·e.") % {"name": assessment.beneficiary})
    return redirect(assessment)
