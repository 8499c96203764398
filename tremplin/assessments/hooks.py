"""How the assessments room plugs into the person's page, the referrer's progress and privacy operations.

The people and referrals rooms are lower: they offer registries and signals, this room registers itself.
"""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.core.roles import Role

CASEWORK = (Role.SITE_MANAGER, Role.MEDIATOR)
DIAGNOSED = gettext_lazy("Diagnostic fait")
PROFILE = gettext_lazy("Profil au diagnostic")


def diagnostic_action(beneficiary, user):
    from tremplin.people.actions import PersonAction, site_ids_of

    if user.site_ids(*CASEWORK) & site_ids_of(beneficiary):
        yield PersonAction(_("Diagnostic numérique"), reverse("assessments:person", args=[beneficiary.pk]), 20)


def latest_diagnostic(beneficiary, user):
    """ "Diagnostic : <profile> le <date>" for casework staff of a site following the person (one query)."""
    from tremplin.people.actions import CurrentItem, site_ids_of

    from .models import Assessment

    if not user.site_ids(*CASEWORK) & site_ids_of(beneficiary):
        return
    latest = Assessment.objects.completed().filter(beneficiary=beneficiary).order_by("-completed_at").first()
    if latest is None:
        return
    profile = latest.get_profile_display() if latest.profile else _("incomplet")
    yield CurrentItem(
        "diagnostic",
        _("Diagnostic : %(profile)s le %(date)s")
        % {"profile": profile, "date": date_format(latest.completed_at, "SHORT_DATE_FORMAT")},
        "",
        latest.get_absolute_url(),
    )


def pathway_steps(beneficiary, user):
    """The accepted pathway with each step's state ("Parcours : … — en cours"), for casework staff."""
    from tremplin.people.actions import CurrentItem, site_ids_of

    from .models import PathwayStep

    if not user.site_ids(*CASEWORK) & site_ids_of(beneficiary):
        return
    steps = (
        PathwayStep.objects.accepted()
        .filter(beneficiary=beneficiary)
        .only("label", "state", "decided_at")
        .order_by("-decided_at", "-pk")[:8]
    )
    url = reverse("assessments:person", args=[beneficiary.pk])
    for step in steps:
        yield CurrentItem(
            "pathway",
            _("Parcours : %(step)s") % {"step": step.label},
            step.get_state_display(),
            url,
        )


def diagnosed(beneficiary):
    """What the referrer sees: diagnostic done yes / no, and the latest profile — never levels or answers."""
    from .models import Assessment

    latest = Assessment.objects.completed().filter(beneficiary=beneficiary).order_by("-completed_at").first()
    if latest is None:
        return {DIAGNOSED: False}
    return {DIAGNOSED: True, PROFILE: str(latest.get_profile_display() if latest.profile else _("non déterminé"))}


def on_anonymised(sender, beneficiary, actor, **kwargs):
    from .services import erase_answers

    erase_answers(beneficiary)


def export_section(beneficiary):
    from .services import export_data

    return export_data(beneficiary)


def merge_followup_reminders(keep, remove):
    """Merge: both records reminded for the same course → one reminder, the kept record's (still open if
    either was: a follow-up diagnostic completed by one record only moved with it)."""
    from .models import FollowUpReminder

    kept = {r.course_id: r for r in FollowUpReminder.objects.filter(beneficiary=keep)}
    for reminder in FollowUpReminder.objects.filter(beneficiary=remove, course_id__in=list(kept)):
        mine = kept[reminder.course_id]
        if reminder.resolved_at is None and mine.resolved_at is not None:
            mine.resolved_at = None
            mine.save(update_fields=["resolved_at"])
        reminder.delete()


def connect():
    from tremplin.people import actions
    from tremplin.people.services import merge, privacy
    from tremplin.people.signals import beneficiary_anonymised

    from .models import FollowUpReminder

    actions.register_action(diagnostic_action)
    actions.register_current(latest_diagnostic)
    actions.register_current(pathway_steps)
    privacy.register_export("diagnostics", export_section)
    merge.register_duplicate_resolver(FollowUpReminder, merge_followup_reminders)
    beneficiary_anonymised.connect(on_anonymised, dispatch_uid="assessments.anonymised")
    try:
        from tremplin.workshops.signals import attendance_recorded
    except ImportError:  # the workshops room is not installed
        pass
    else:
        from .pathway import on_attendance_recorded

        attendance_recorded.connect(on_attendance_recorded, dispatch_uid="assessments.attendance_recorded")
    try:
        from tremplin.referrals import progress
    except ImportError:  # the referral room is not installed
        return
    progress.register(diagnosed)
