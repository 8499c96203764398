"""Certificates (PDF) and fill / no-show statistics for a site."""

from datetime import timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.models import AccessLog, log_access
from tremplin.core.pagination import paginate
from tremplin.core.pdf import pdf_response
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role
from tremplin.network.models import Site
from tremplin.network.timezones import site_time

from .certificates import course_certificate, presence_certificate
from .models import Attendance, Course, Enrollment, EnrollmentStatus, Session

CASEWORK = (Role.SITE_MANAGER, Role.MEDIATOR)
STATS_READERS = (Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER)
STATS_PERIOD_DAYS = 90


@role_required(*CASEWORK)
def presence_certificate_view(request, pk):
    enrollment = get_object_or_404(
        Enrollment.objects.filter(
            session__site_id__in=request.user.site_ids(*CASEWORK),
            status=EnrollmentStatus.CONFIRMED,
            attendance=Attendance.PRESENT,
        ).select_related("session__workshop", "session__site", "beneficiary"),
        pk=pk,
    )
    log_access(request.user, enrollment.beneficiary, AccessLog.Action.PRINT, reason="attestation de présence")
    document = presence_certificate(enrollment, request.user)
    return pdf_response(document, f"attestation-presence-{enrollment.pk}.pdf")


@role_required(*CASEWORK)
def course_certificate_view(request, pk, beneficiary):
    course = get_object_or_404(
        Course.objects.filter(site_id__in=request.user.site_ids(*CASEWORK)).select_related("workshop", "site"), pk=pk
    )
    enrollments = list(
        Enrollment.objects.filter(session__course=course, beneficiary_id=beneficiary)
        .exclude(status=EnrollmentStatus.CANCELLED)
        .select_related("session", "beneficiary")
        .order_by("session__starts_at")
    )
    if not enrollments:
        raise Http404
    attended = [e.session for e in enrollments if e.attendance == Attendance.PRESENT]
    last = course.sessions.filter(status="scheduled").order_by("-ends_at").first()
    if not attended or last is None or last.ends_at > timezone.now():
        messages.error(
            request,
            _(
                "L'attestation de fin de parcours est disponible une fois le parcours terminé, "
                "pour une personne présente à au moins une séance."
            ),
        )
        return redirect(course)
    person = enrollments[0].beneficiary
    log_access(request.user, person, AccessLog.Action.PRINT, reason="attestation de fin de parcours")
    document = course_certificate(course, person, attended, request.user)
    return pdf_response(document, f"attestation-parcours-{course.pk}.pdf")


@role_required(*STATS_READERS)
def stats(request):
    """Fill rate and no-show rate per session and per workshop, over the last 90 days and what is planned."""
    sites = list(Site.objects.visible_to(request.user).active().order_by("name"))
    site = next((s for s in sites if str(s.pk) == request.GET.get("espace")), sites[0] if sites else None)
    since = timezone.now() - timedelta(days=STATS_PERIOD_DAYS)
    sessions = list(
        Session.objects.visible_to(request.user)
        .filter(site=site, starts_at__gte=since, status="scheduled")
        .select_related("workshop")
        .with_counts()
        .order_by("-starts_at", "pk")
    )
    by_workshop = {}
    for session in sessions:
        row = by_workshop.setdefault(
            session.workshop_id,
            {"workshop": session.workshop, "sessions": 0, "seats": 0, "confirmed": 0, "present": 0, "absent": 0},
        )
        row["sessions"] += 1
        row["seats"] += session.seats
        row["confirmed"] += session.confirmed_count
        row["present"] += session.present_count
        row["absent"] += session.absent_count
    workshops = []
    for row in sorted(by_workshop.values(), key=lambda r: r["workshop"].title):
        marked = row["present"] + row["absent"]
        row["fill_rate"] = round(100 * row["confirmed"] / row["seats"]) if row["seats"] else 0
        row["no_show_rate"] = round(100 * row["absent"] / marked) if marked else None
        workshops.append(row)
    page = paginate(sessions, request.GET.get("page"))
    context = {
        "sites": sites,
        "site": site,
        "workshops": workshops,
        "page": page,
        "query_string": f"espace={site.pk}" if site else "",
        "period_days": STATS_PERIOD_DAYS,
    }
    with site_time(site):
        return render(request, "workshops/stats.html", context)
