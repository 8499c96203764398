"""Reminder to the site: a person finished a course without a follow-up diagnostic.

Periodic (daily): `manage.py remind_missing_followups` (run by cron / a systemd timer, or by the
background-jobs scheduler once it exists). Idempotent: one reminder per person and course, ever.

Rule: a person who had a completed diagnostic before the course began, was enrolled (confirmed) in the
course and present at least once, and whose course has no scheduled session left to end, with no
diagnostic completed since the course began, gets a reminder at the course's site. The reminder shows
in the home list "Diagnostics de suivi à faire" of the site's managers and mediators, and is resolved as
soon as the person completes a diagnostic (services.complete_assessment).
"""

from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.core.dates import display
from tremplin.core.home_counts import HomeList, HomeListItem
from tremplin.core.roles import Role
from tremplin.core.text import fill

from .models import Assessment, FollowUpReminder

CASEWORK = (Role.SITE_MANAGER, Role.MEDIATOR)
MAX_HOME_ROWS = 10


def finished_courses(now):
    """{course id: (site id, first start)} of the courses whose scheduled sessions have all ended."""
    from tremplin.workshops.models import Session, SessionStatus

    rows = (
        Session.objects.filter(course__isnull=False, status=SessionStatus.SCHEDULED)
        .values("course_id", "course__site_id")
        .annotate(first=Min("starts_at"), last=Max("ends_at"))
        .filter(last__lte=now)
    )
    return {row["course_id"]: (row["course__site_id"], row["first"]) for row in rows}


def remind_missing_followups(now=None):
    """Create the missing reminders; returns how many were created (0 when run again)."""
    from tremplin.workshops.models import Attendance, Enrollment, EnrollmentStatus

    now = now or timezone.now()
    courses = finished_courses(now)
    if not courses:
        return 0
    attended = (
        Enrollment.objects.filter(
            session__course_id__in=courses, status=EnrollmentStatus.CONFIRMED, attendance=Attendance.PRESENT
        )
        .values_list("beneficiary_id", "session__course_id")
        .distinct()
    )
    already = set(FollowUpReminder.objects.filter(course_id__in=courses).values_list("beneficiary_id", "course_id"))
    created = 0
    for beneficiary_id, course_id in attended:
        if (beneficiary_id, course_id) in already:
            continue
        site_id, began = courses[course_id]
        diagnostics = Assessment.objects.completed().filter(beneficiary_id=beneficiary_id)
        if (
            not diagnostics.filter(completed_at__lt=began).exists()
            or diagnostics.filter(completed_at__gte=began).exists()
        ):
            continue
        try:
            with transaction.atomic():
                FollowUpReminder.objects.create(
                    beneficiary_id=beneficiary_id, course_id=course_id, site_id=site_id, created_at=now
                )
        except IntegrityError:  # written by a concurrent run
            continue
        created += 1
    return created


def resolve_for(beneficiary, now=None):
    """A diagnostic was completed: the person's open reminders are done."""
    FollowUpReminder.objects.filter(beneficiary=beneficiary, resolved_at__isnull=True).update(
        resolved_at=now or timezone.now()
    )


def followups_to_do(user, role):
    """Home list of the site's managers and mediators: people to see again for a follow-up diagnostic."""
    if role not in CASEWORK:
        return []
    open_reminders = FollowUpReminder.objects.filter(
        site_id__in=user.site_ids(*CASEWORK), resolved_at__isnull=True, beneficiary__anonymised_at__isnull=True
    )
    rows = list(open_reminders.select_related("beneficiary", "course__workshop")[: MAX_HOME_ROWS + 1])
    if not rows:
        return []
    items = [
        HomeListItem(
            label=str(reminder.beneficiary),
            url=reverse("assessments:person", args=[reminder.beneficiary_id]),
            when=display(reminder.created_at, "date_short"),
            detail=fill(_("a fini « %(course)s » sans diagnostic de suivi"), course=reminder.course),
        )
        for reminder in rows[:MAX_HOME_ROWS]
    ]
    count = open_reminders.count() if len(rows) > MAX_HOME_ROWS else len(rows)
    return [
        HomeList(
            key="followups",
            order=30,
            title=ngettext("Diagnostic de suivi à faire", "Diagnostics de suivi à faire", count),
            items=items,
            empty="",
            more=max(count - MAX_HOME_ROWS, 0),
        )
    ]
