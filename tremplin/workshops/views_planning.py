"""Planning: week agenda, scheduling sessions and courses, cancelling and moving a session."""

from datetime import time, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tremplin.core.confirm import ask_confirmation, is_confirmed
from tremplin.core.dates import day_from_query
from tremplin.core.permissions import role_required
from tremplin.core.private_search import pop_search
from tremplin.core.roles import Role
from tremplin.network.models import Site
from tremplin.network.timezones import site_datetime, site_localtime, site_time, site_today

from . import services
from .forms import (
    CancelSessionForm,
    CourseForm,
    MoveSessionForm,
    PersonChoiceForm,
    PersonSearchForm,
    SeatsForm,
    SessionForm,
    week_start,
)
from .models import Course, Enrollment, Session

STAFF = (Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER)


def _week(request, site):
    return week_start(day_from_query(request.GET.get("semaine"), site_today(site)))


@role_required(Role.NETWORK_ADMIN, *STAFF)
def agenda(request):
    """The week's sessions at one site, day by day, with seats left."""
    sites = list(Site.objects.visible_to(request.user).active().order_by("name"))
    site = next((s for s in sites if str(s.pk) == request.GET.get("espace")), sites[0] if sites else None)
    monday = _week(request, site)
    start = site_datetime(monday, time.min, site)  # the site's Monday, midnight local time
    sessions = (
        Session.objects.visible_to(request.user)
        .filter(site=site, starts_at__gte=start, starts_at__lt=start + timedelta(days=7))
        .select_related("workshop", "course")
        .with_counts()
        .order_by("starts_at", "pk")
    )
    by_day = {}  # each session's local day computed once (it was once per day of the week: 7 × the sessions)
    for session in sessions:
        by_day.setdefault(site_localtime(session.starts_at, site).date(), []).append(session)
    days = [{"date": day, "sessions": by_day.get(day, [])} for day in (monday + timedelta(days=n) for n in range(7))]
    context = {
        "sites": sites,
        "site": site,
        "days": days,
        "monday": monday,
        "previous_week": monday - timedelta(days=7),
        "next_week": monday + timedelta(days=7),
        "can_schedule": bool(site and site.pk in request.user.site_ids(Role.SITE_MANAGER)),
    }
    with site_time(site):
        return render(request, "workshops/agenda.html", context)


def _planning(request, form_class, template, schedule):
    form = form_class(request.POST or None, user=request.user, initial={"site": request.GET.get("espace")})
    if request.method == "POST" and form.is_valid():
        try:
            target = schedule(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return target
    return render(request, template, {"form": form})


@role_required(Role.SITE_MANAGER)
def session_create(request):
    def schedule(data):
        common = {
            "site": data["site"],
            "workshop": data["workshop"],
            "room": data["room"],
            "seats": data["seats"],
            "facilitators": data["facilitators"],
        }
        if data["weeks"] > 1:
            sessions = services.schedule_weekly_series(
                request.user, first_starts_at=data["starts_at"], ends_at=data["ends_at"], weeks=data["weeks"], **common
            )
            messages.success(
                request,
                ngettext("%(count)s séance planifiée.", "%(count)s séances planifiées.", len(sessions))
                % {"count": len(sessions)},
            )
            return redirect(_agenda_url(sessions[0]))
        session = services.schedule_session(
            request.user, starts_at=data["starts_at"], ends_at=data["ends_at"], **common
        )
        messages.success(request, _("Séance planifiée."))
        return redirect(session)

    return _planning(request, SessionForm, "workshops/session_form.html", schedule)


@role_required(Role.SITE_MANAGER)
def course_create(request):
    def schedule(data):
        course = services.schedule_course(
            request.user,
            site=data["site"],
            workshop=data["workshop"],
            starts=data["starts"],
            label=data["label"],
            length=data["length"],
            room=data["room"],
            seats=data["seats"],
            facilitators=data["facilitators"],
        )
        messages.success(request, _("Parcours planifié avec toutes ses séances."))
        return redirect(course)

    return _planning(request, CourseForm, "workshops/course_form.html", schedule)


def _agenda_url(session):
    day = site_localtime(session.starts_at, session.site).date()
    return f"{reverse('workshops:agenda')}?espace={session.site_id}&semaine={day.isoformat()}"


@role_required(Role.NETWORK_ADMIN, *STAFF)
def course_detail(request, pk):
    course = get_object_or_404(Course.objects.visible_to(request.user).select_related("workshop", "site"), pk=pk)
    sessions = course.sessions.select_related("workshop").with_counts().order_by("starts_at", "pk")
    show_people = course.site_id in request.user.site_ids(*STAFF)
    enrollments = (
        Enrollment.objects.active()
        .filter(session__course=course)
        .select_related("beneficiary")
        .order_by("beneficiary__last_name", "beneficiary__first_name", "beneficiary_id")
    )
    people = {}
    for enrollment in enrollments if show_people else []:
        row = people.setdefault(
            enrollment.beneficiary_id,
            {"beneficiary": enrollment.beneficiary, "present": 0, "sessions": 0, "waiting": 0},
        )
        row["sessions"] += 1
        row["present"] += enrollment.attendance == "present"
        row["waiting"] += enrollment.status == "waitlisted"
    can_enrol = course.site_id in request.user.site_ids(Role.SITE_MANAGER, Role.MEDIATOR)
    context = {
        "course": course,
        "sessions": sessions,
        "people": list(people.values()),
        "course_ended": _course_ended(sessions),
        "show_people": show_people,
        "can_enrol": can_enrol,
    }
    if can_enrol:
        query = pop_search(request)
        context.update(
            search_form=PersonSearchForm(initial={"q": query}),
            enrol_form=PersonChoiceForm(user=request.user, query=query),
        )
    with site_time(course.site):
        return render(request, "workshops/course_detail.html", context)


def _course_ended(sessions):
    scheduled = [s for s in sessions if not s.is_cancelled]
    return bool(scheduled) and scheduled[-1].ends_at <= timezone.now()


@role_required(Role.SITE_MANAGER)
def session_cancel(request, pk):
    session = get_object_or_404(Session.objects.managed_by(request.user).select_related("workshop", "site"), pk=pk)
    form = CancelSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_session(request.user, session, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Séance annulée : les personnes inscrites sont prévenues."))
            return redirect(session)
    with site_time(session.site):
        return render(request, "workshops/session_cancel.html", {"form": form, "session": session})


@role_required(Role.SITE_MANAGER)
def session_move(request, pk):
    session = get_object_or_404(Session.objects.managed_by(request.user).select_related("workshop", "site"), pk=pk)
    local = site_localtime(session.starts_at, session.site)
    initial = {
        "date": local.date(),
        "start_time": local.time(),
        "end_time": site_localtime(session.ends_at, session.site).time(),
        "room": session.room,
    }
    form = MoveSessionForm(request.POST or None, initial=initial, site=session.site)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.move_session(
                request.user, session, starts_at=data["starts_at"], ends_at=data["ends_at"], room=data["room"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Séance déplacée : les personnes inscrites sont prévenues du nouvel horaire."))
            return redirect(session)
    with site_time(session.site):
        return render(request, "workshops/session_move.html", {"form": form, "session": session})


@require_POST
@role_required(Role.SITE_MANAGER, Role.MEDIATOR)
def course_enroll(request, pk):
    course = get_object_or_404(
        Course.objects.filter(site_id__in=request.user.site_ids(Role.SITE_MANAGER, Role.MEDIATOR)), pk=pk
    )
    form = PersonChoiceForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["beneficiary"]))
        return redirect(course)
    try:
        enrollments = services.enroll(request.user, course, form.cleaned_data["beneficiary"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        waiting = sum(1 for e in enrollments if e.status == "waitlisted")
        if waiting:
            messages.warning(
                request,
                ngettext(
                    "Inscription au parcours enregistrée ; %(count)s séance complète : "
                    "la personne est en liste d'attente pour celle-ci.",
                    "Inscription au parcours enregistrée ; %(count)s séances complètes : "
                    "la personne est en liste d'attente pour celles-ci.",
                    waiting,
                )
                % {"count": waiting},
            )
        else:
            messages.success(
                request,
                ngettext(
                    "Inscription au parcours enregistrée pour %(count)s séance.",
                    "Inscription au parcours enregistrée pour %(count)s séances.",
                    len(enrollments),
                )
                % {"count": len(enrollments)},
            )
    return redirect(course)


@require_POST
@role_required(Role.SITE_MANAGER)
def session_seats(request, pk):
    session = get_object_or_404(Session.objects.managed_by(request.user).select_related("site"), pk=pk)
    form = SeatsForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["seats"]))
        return redirect(session)
    try:
        promoted = services.change_seats(request.user, session, form.cleaned_data["seats"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Nombre de places enregistré."))
        for enrollment in promoted:
            messages.info(
                request,
                _("%(name)s passe de la liste d'attente aux inscrits et en est prévenu·e.")
                % {"name": enrollment.beneficiary},
            )
    return redirect(session)


@require_POST
@role_required(Role.SITE_MANAGER, Role.MEDIATOR)
def course_withdraw(request, pk, beneficiary):
    course = get_object_or_404(
        Course.objects.filter(site_id__in=request.user.site_ids(Role.SITE_MANAGER, Role.MEDIATOR)), pk=pk
    )
    enrollment = (
        Enrollment.objects.filter(session__course=course, beneficiary_id=beneficiary)
        .select_related("beneficiary")
        .first()
    )
    if enrollment is None:
        raise Http404
    person = enrollment.beneficiary
    if not is_confirmed(request):
        return ask_confirmation(
            request,
            title=_("Désinscrire %(name)s du parcours ?") % {"name": person},
            summary=str(course),
            consequences=[
                _("La personne est retirée de toutes les séances à venir du parcours ; les séances passées restent."),
                _("Chaque place libérée va à la première personne en attente, prévenue par message."),
            ],
            confirm_label=_("Désinscrire du parcours"),
            cancel_url=course.get_absolute_url(),
        )
    try:
        promoted = services.cancel_course_enrollment(request.user, course, person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s est désinscrit·e des séances à venir du parcours.") % {"name": person})
        for other in {e.beneficiary_id: e for e in promoted}.values():
            messages.info(
                request,
                _("%(name)s passe de la liste d'attente aux inscrits et en est prévenu·e.")
                % {"name": other.beneficiary},
            )
    return redirect(course)
