"""A session: who is enrolled and waiting, enrolment, cancellation, the attendance sheet."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tremplin.core.confirm import ask_confirmation, is_confirmed
from tremplin.core.dates import with_first_of_month
from tremplin.core.permissions import role_required
from tremplin.core.private_search import pop_search
from tremplin.core.roles import Role
from tremplin.network.timezones import site_time

from . import services
from .forms import ATTENDANCE_CHOICES, PersonChoiceForm, PersonSearchForm, SeatsForm, parse_marks
from .models import Enrollment, EnrollmentStatus, Session

STAFF = (Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER)
ENROLLERS = (Role.SITE_MANAGER, Role.MEDIATOR)


def _session(request, pk, queryset=None):
    queryset = queryset if queryset is not None else Session.objects.visible_to(request.user)
    return get_object_or_404(queryset.select_related("workshop", "site", "course").with_counts(), pk=pk)


@role_required(Role.NETWORK_ADMIN, *STAFF)
def session_detail(request, pk):
    session = _session(request, pk)
    # Names are for the site's own staff; the national team sees the counts only.
    show_people = session.site_id in request.user.site_ids(*STAFF)
    enrollments = Enrollment.objects.active().filter(session=session).select_related("beneficiary")
    enrollments = (
        list(enrollments.order_by("position", "beneficiary__last_name", "beneficiary__first_name", "pk"))
        if show_people
        else []
    )
    user_sites = request.user.site_ids(*ENROLLERS)
    can_enrol = session.site_id in user_sites and not session.is_cancelled and not session.has_started()
    context = {
        "session": session,
        "confirmed": [e for e in enrollments if e.status == EnrollmentStatus.CONFIRMED],
        "waiting": [e for e in enrollments if e.status == EnrollmentStatus.WAITLISTED],
        "facilitators": list(session.facilitators.order_by("full_name")),
        "can_enrol": can_enrol,
        "show_people": show_people,
        "seats_form": SeatsForm(initial={"seats": session.seats}),
        "can_cancel_enrollments": session.site_id in user_sites,
        # Withdrawing someone only makes sense before the session: afterwards the attendance sheet tells who came.
        "can_withdraw": can_enrol,
        "can_manage": session.site_id in request.user.site_ids(Role.SITE_MANAGER) and not session.is_cancelled,
        "can_take_attendance": session.site_id in request.user.site_ids(*STAFF) and session.attendance_open(),
    }
    if can_enrol:
        query = pop_search(request)
        context.update(
            search_form=PersonSearchForm(initial={"q": query}),
            enrol_form=PersonChoiceForm(user=request.user, query=query),
        )
    with site_time(session.site):
        return render(request, "workshops/session_detail.html", context)


@require_POST
@role_required(*ENROLLERS)
def session_enroll(request, pk):
    session = _session(request, pk, Session.objects.enrolling_by(request.user))
    form = PersonChoiceForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["beneficiary"]))
        return redirect(session)
    beneficiary = form.cleaned_data["beneficiary"]
    try:
        (enrollment,) = services.enroll(request.user, session, beneficiary)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if enrollment.status == EnrollmentStatus.WAITLISTED:
            messages.warning(
                request,
                _(
                    "La séance est complète : %(name)s est en liste d'attente (rang %(rank)s). "
                    "La personne sera prévenue si une place se libère."
                )
                % {"name": beneficiary, "rank": enrollment.position},
            )
        else:
            messages.success(request, _("%(name)s est inscrit·e.") % {"name": beneficiary})
    return redirect(session)


@require_POST
@role_required(*ENROLLERS)
def enrollment_cancel(request, pk):
    enrollment = get_object_or_404(
        Enrollment.objects.filter(session__site_id__in=request.user.site_ids(*ENROLLERS)).select_related("session"),
        pk=pk,
    )
    session = enrollment.session
    if not enrollment.is_active:
        return redirect(session)
    if not is_confirmed(request):
        waiting = enrollment.status == EnrollmentStatus.WAITLISTED
        return ask_confirmation(
            request,
            title=(_("Retirer %(name)s de la liste d'attente ?") if waiting else _("Désinscrire %(name)s ?"))
            % {"name": enrollment.beneficiary},
            summary=_("%(workshop)s, le %(date)s.")
            % {
                "workshop": session.workshop,
                "date": date_format(
                    timezone.localtime(session.starts_at),
                    with_first_of_month("l j F, H:i", timezone.localtime(session.starts_at)),
                ),
            },
            consequences=[
                _("Les rappels prévus pour cette séance ne seront pas envoyés."),
                *(
                    []
                    if waiting
                    else [_("La place libérée va à la première personne en liste d'attente, prévenue par message.")]
                ),
            ],
            confirm_label=_("Retirer de la liste") if waiting else _("Désinscrire"),
            cancel_url=session.get_absolute_url(),
        )
    try:
        promoted = services.cancel_enrollment(enrollment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(session)
    messages.success(request, _("Inscription annulée."))
    for other in promoted:
        messages.info(
            request,
            _("%(name)s passe de la liste d'attente aux inscrits et en est prévenu·e.") % {"name": other.beneficiary},
        )
    return redirect(enrollment.session)


@role_required(*STAFF)
def attendance(request, pk):
    """The attendance sheet: big radio buttons, one fieldset per person, usable on a phone."""
    session = _session(request, pk, Session.objects.filter(site_id__in=request.user.site_ids(*STAFF)))
    if not session.attendance_open():
        messages.error(request, _("L'émargement s'ouvre le jour de la séance."))
        return redirect(session)
    enrollments = list(
        Enrollment.objects.filter(session=session, status=EnrollmentStatus.CONFIRMED)
        .select_related("beneficiary")
        .order_by("beneficiary__last_name", "beneficiary__first_name", "pk")
    )
    if request.method == "POST":
        try:
            present = services.record_attendance(request.user, session, parse_marks(request.POST, enrollments))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "Émargement enregistré : %(count)s personne présente.",
                    "Émargement enregistré : %(count)s personnes présentes.",
                    len(present),
                )
                % {"count": len(present)},
            )
        return redirect("workshops:attendance", pk=session.pk)
    query = pop_search(request)
    context = {
        "session": session,
        "enrollments": enrollments,
        "choices": ATTENDANCE_CHOICES,
        "search_form": PersonSearchForm(initial={"q": query}),
        "walk_in_form": PersonChoiceForm(user=request.user, query=query),
        # A walk-in must have a record first: mediators and managers may create it and come back here.
        "create_person_url": (
            reverse("people:create") + "?" + urlencode({"next": request.path, "espace": session.site_id})
            if session.site_id in request.user.site_ids(*ENROLLERS)
            else ""
        ),
    }
    with site_time(session.site):
        return render(request, "workshops/attendance.html", context)


@require_POST
@role_required(*STAFF)
def walk_in(request, pk):
    session = _session(request, pk, Session.objects.filter(site_id__in=request.user.site_ids(*STAFF)))
    form = PersonChoiceForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["beneficiary"]))
        return redirect("workshops:attendance", pk=session.pk)
    try:
        services.record_attendance(request.user, session, {}, walk_ins=[form.cleaned_data["beneficiary"]])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s est ajouté·e comme présent·e.") % {"name": form.cleaned_data["beneficiary"]}
        )
    return redirect("workshops:attendance", pk=session.pk)
