"""Enrolments and attendance on a person's timeline, when the people room offers one."""

from django.utils.translation import gettext as _

from tremplin.core.reversing import RowUrls
from tremplin.core.text import fill


def enrollment_events(beneficiary, user, until=None, limit=50):
    """The person's enrolments, latest session first; with `until`, only sessions started by then (the
    person's page asks for its few latest past events, see people.timeline)."""
    from tremplin.people.timeline import TimelineEvent

    from .models import Enrollment

    enrollments = Enrollment.objects.visible_to(user).filter(beneficiary=beneficiary)
    if until is not None:
        enrollments = enrollments.filter(session__starts_at__lte=until)
    enrollments = (
        enrollments.select_related("session__workshop")
        # Only the columns an event shows (three wide rows a line otherwise).
        .only("status", "attendance", "session__starts_at", "session__workshop__title")
        .order_by("-session__starts_at")[:limit]
    )
    url = RowUrls("workshops:session_detail", 987654321)  # each session's address, reversed once
    for enrollment in enrollments:
        session = enrollment.session
        detail = enrollment.get_status_display()
        if enrollment.attendance != "unknown":
            detail = f"{detail} — {enrollment.get_attendance_display()}"
        yield TimelineEvent(
            at=session.starts_at,
            kind="workshop",
            title=fill(_("Atelier « %(title)s »"), title=session.workshop.title),
            detail=detail,
            url=url(session.pk),
        )


def connect():
    try:
        from tremplin.people import timeline
    except ImportError:  # the people room has no timeline yet
        return
    register = getattr(timeline, "register", None)
    if register is not None:
        register(enrollment_events)
