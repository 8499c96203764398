"""Enrol one person (from their page): upcoming sessions and courses of the person's sites, with seats left."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.core.formfields import parse_id
from tremplin.core.pagination import paginate
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role
from tremplin.people.models import Beneficiary
from tremplin.people.services import view_beneficiary

from . import services
from .models import Course, Enrollment, EnrollmentStatus, Session, SessionStatus

ENROLLERS = (Role.SITE_MANAGER, Role.MEDIATOR)


def _enrolling_site_ids(user, beneficiary):
    return user.site_ids(*ENROLLERS) & set(beneficiary.sites.values_list("pk", flat=True))


def _sessions(person, site_ids, now):
    enrolled = Enrollment.objects.active().filter(session=OuterRef("pk"), beneficiary=person)
    return (
        Session.objects.upcoming(now)
        .filter(site_id__in=site_ids, course__isnull=True)
        .select_related("workshop", "site")
        .with_counts()
        .annotate(already=Exists(enrolled))
        .order_by("starts_at", "pk")
    )


def _courses(person, site_ids, now):
    to_come = Q(sessions__status=SessionStatus.SCHEDULED, sessions__starts_at__gt=now)
    enrolled = Enrollment.objects.active().filter(
        session__course=OuterRef("pk"), beneficiary=person, session__starts_at__gt=now
    )
    return (
        Course.objects.filter(site_id__in=site_ids)
        .select_related("workshop", "site")
        .annotate(
            next_start=Min("sessions__starts_at", filter=to_come),
            sessions_left=Count("sessions", filter=to_come),
        )
        .filter(next_start__isnull=False)
        .annotate(already=Exists(enrolled))
        .order_by("next_start", "pk")
    )


def _enrol(request, person, site_ids, now):
    kind, pk = request.POST.get("target", ""), request.POST.get("pk", "")
    if parse_id(pk) is None or kind not in ("session", "course"):
        messages.error(request, _("Choisissez une séance ou un parcours dans la liste."))
        return
    queryset = _sessions(person, site_ids, now) if kind == "session" else _courses(person, site_ids, now)
    target = queryset.filter(pk=parse_id(pk)).first()
    if target is None:
        messages.error(request, _("Cette séance n'est plus proposée à cette personne."))
        return
    try:
        enrollments = services.enroll(request.user, target, person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return
    waiting = [e for e in enrollments if e.status == EnrollmentStatus.WAITLISTED]
    if waiting and kind == "session":
        messages.warning(
            request,
            _("La séance est complète : %(name)s est en liste d'attente (rang %(rank)s).")
            % {"name": person, "rank": waiting[0].position},
        )
    elif waiting:
        messages.warning(
            request,
            ngettext(
                "Inscription au parcours enregistrée ; %(count)s séance complète : liste d'attente pour celle-ci.",
                "Inscription au parcours enregistrée ; %(count)s séances complètes : liste d'attente pour celles-ci.",
                len(waiting),
            )
            % {"count": len(waiting)},
        )
    else:
        messages.success(request, _("%(name)s est inscrit·e.") % {"name": person})


@role_required(*ENROLLERS)
def person_enroll(request, pk):
    person = get_object_or_404(Beneficiary.objects.visible_to(request.user).active(), pk=pk)
    site_ids = _enrolling_site_ids(request.user, person)
    if not site_ids:  # e.g. a mediator elsewhere who is only a volunteer at the person's site
        raise Http404
    now = timezone.now()
    if request.method == "POST":
        _enrol(request, person, site_ids, now)
        return redirect("workshops:person_enroll", pk=person.pk)
    view_beneficiary(request.user, person, reason="workshop enrolment")
    page = paginate(_sessions(person, site_ids, now), request.GET.get("page"))
    return render(
        request,
        "workshops/person_enroll.html",
        {
            "person": person,
            "page": page,
            "query_string": "",
            "courses": list(_courses(person, site_ids, now)[:25]),
        },
    )
