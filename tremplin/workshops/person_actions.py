"""What the workshops room shows on a person's page: the enrol link and the person's upcoming sessions."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.dates import display
from tremplin.core.roles import Role
from tremplin.core.text import fill

ENROLLING_ROLES = (Role.SITE_MANAGER, Role.MEDIATOR)


def enrol_action(beneficiary, user):
    from tremplin.people.actions import PersonAction, site_ids_of

    if user.site_ids(*ENROLLING_ROLES) & site_ids_of(beneficiary):
        yield PersonAction(_("Inscrire à un atelier"), reverse("workshops:person_enroll", args=[beneficiary.pk]), 10)


def upcoming_enrollments(beneficiary, user):
    """The person's enrolments and waiting-list places in sessions to come, at the user's sites (one query)."""
    from tremplin.people.actions import CurrentItem

    from .models import Enrollment, EnrollmentStatus

    if not user.site_ids(*ENROLLING_ROLES):
        return
    enrollments = (
        Enrollment.objects.visible_to(user)
        .active()
        .filter(beneficiary=beneficiary, session__status="scheduled", session__starts_at__gte=timezone.now())
        .select_related("session__workshop", "session__site")
        # Only what a line shows: three wide rows (57 columns) a line otherwise.
        .only(
            "status",
            "position",
            "session__starts_at",
            "session__workshop__title",
            "session__site__name",
            "session__site__time_zone",
            "session__site__postal_code",
        )
        .order_by("session__starts_at", "pk")[:10]
    )
    for enrollment in enrollments:
        session = enrollment.session
        detail = display(session.starts_at, "day_time_long", tz=session.site.tzinfo)
        if enrollment.status == EnrollmentStatus.WAITLISTED:
            status = _("en liste d'attente (rang %(rank)s)") % {"rank": enrollment.position}
        else:
            status = enrollment.get_status_display().lower()
        yield CurrentItem(
            "workshop",
            fill(_("Atelier « %(title)s »"), title=session.workshop.title),
            f"{detail}, {session.site.name} — {status}",
            session.get_absolute_url(),
        )


def connect():
    try:
        from tremplin.people import actions
    except ImportError:  # the people room offers no actions
        return
    actions.register_action(enrol_action)
    actions.register_current(upcoming_enrollments)
