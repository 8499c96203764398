"""The pathway after a diagnostic: the mediator's decisions on the proposal, and the steps' states.

What is proposed, and why, is in proposals.py (the rules are written there).

Decisions: the mediator accepts (possibly edited: another session, course, category, structure, a note)
or ignores each proposal; each decision is a PathwayStep. States advance from real events, looked up by
query (sync_states) and on the workshops' attendance signal:
- workshop: enrolled → in progress; present at the session → done; enrolment cancelled → back to proposed;
- course: enrolled → in progress; present at least once and the last session is over → done;
- device: reserved → in progress; sold to the person → done; reservation lifted → back to proposed;
- connectivity: marked done by the mediator; orientation: done when recorded.

The workshops and inventory rooms are beside this one: they are imported here only, lazily, to call
their enrol / reserve services and read the events that move a step.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.models import AccessLog, log_access
from tremplin.people.access import can_read_casework

from .models import PathwayStep, StepKind, StepState
from .proposals import DEVICE_CATEGORIES, propose, redirection_choices, shared_site_ids
from .signals import orientation_accepted

RESERVATION_DAYS = 7


# Decisions ---------------------------------------------------------------------------------------------


def _require_casework(actor, assessment):
    if not can_read_casework(actor, assessment.beneficiary) or not assessment.beneficiary.is_active:
        raise PermissionDenied
    if not assessment.is_completed:
        raise ValidationError(_("Le diagnostic n'est pas terminé."))


def _decided(assessment, kind, area_code=""):
    return assessment.steps.filter(kind=kind, area_code=area_code).exclude(state=StepState.IGNORED).first()


def _new_step(actor, assessment, kind, label, state, area_code="", note="", **target):
    step = PathwayStep.objects.filter(assessment=assessment, kind=kind, area_code=area_code).first()
    step = step or PathwayStep(assessment=assessment, beneficiary=assessment.beneficiary, kind=kind)
    now = timezone.now()
    step.area_code, step.label, step.state, step.note = area_code, label[:200], state, note[:200]
    step.decided_by, step.decided_at, step.state_changed_at = actor, now, now
    for name, value in target.items():
        setattr(step, name, value)
    step.save()
    log_access(actor, assessment.beneficiary, AccessLog.Action.UPDATE, reason="parcours après diagnostic")
    return step


def _proposed_area(proposal, area_code, kind):
    entries = proposal.weak_areas if kind == StepKind.WORKSHOP else proposal.courses
    for area, targets in entries:
        if area.code == area_code:
            return area, targets
    return None, []


@transaction.atomic
def enrol_from_proposal(user, assessment, session_pk, now=None, note=""):
    """Enrol the person in a proposed session (the workshops room's enrol service) and record the step.

    Returns the enrolments, or None if the session is not proposed (any more) for this diagnostic.
    """
    from tremplin.workshops import services

    _require_casework(user, assessment)
    for area, sessions in propose(assessment, user, now).weak_areas:
        for session in sessions:
            if session.pk == session_pk:
                enrollments = services.enroll(user, session, assessment.beneficiary, now=now)
                label = f"{session.workshop.title} — {area.name}"
                _new_step(
                    user, assessment, StepKind.WORKSHOP, label, StepState.IN_PROGRESS, area.code, note, session=session
                )
                return enrollments
    return None


@transaction.atomic
def enrol_in_course(user, assessment, course_pk, now=None, note=""):
    """Enrol the person in every upcoming session of a proposed course; None if not proposed."""
    from tremplin.workshops import services

    _require_casework(user, assessment)
    for area, courses in propose(assessment, user, now).courses:
        for course in courses:
            if course.pk == course_pk:
                enrollments = services.enroll(user, course, assessment.beneficiary, now=now)
                label = f"{course} — {area.name}"
                _new_step(
                    user, assessment, StepKind.COURSE, label, StepState.IN_PROGRESS, area.code, note, course=course
                )
                return enrollments
    return None


@transaction.atomic
def reserve_device(user, assessment, category, now=None, note=""):
    """Reserve the first available device of `category` at a shared site (inventory's reserve_device)."""
    from tremplin.inventory.models import Device as StockDevice
    from tremplin.inventory.services import devices as inventory

    _require_casework(user, assessment)
    if category not in dict(DEVICE_CATEGORIES):
        raise ValidationError(_("Choisissez une catégorie d'appareil de la liste."))
    if not propose(assessment, user, now).device_category:
        raise ValidationError(_("Aucun appareil n'est proposé à cette personne."))
    now = now or timezone.now()
    site_ids = shared_site_ids(user, assessment.beneficiary)
    candidates = StockDevice.objects.available().filter(site_id__in=site_ids, category=category).order_by("pk")
    for device in candidates[:5]:  # of two mediators at once, one gets the first device: try the next ones
        try:
            with transaction.atomic():
                inventory.reserve_device(user, device, assessment.beneficiary, now + timedelta(days=RESERVATION_DAYS))
        except ValidationError:
            continue
        label = _("Appareil : %(category)s") % {"category": dict(DEVICE_CATEGORIES)[category]}
        return _new_step(
            user,
            assessment,
            StepKind.DEVICE,
            label,
            StepState.IN_PROGRESS,
            note=note,
            device_category=category,
            device=device,
        )
    raise ValidationError(_("Aucun appareil de cette catégorie n'est disponible dans vos espaces."))


@transaction.atomic
def accept_connectivity(user, assessment, note=""):
    _require_casework(user, assessment)
    if not propose(assessment, user).connectivity_url:
        raise ValidationError(_("Aucune offre de connexion n'est proposée à cette personne."))
    return _new_step(
        user, assessment, StepKind.CONNECTIVITY, _("Offre de connexion internet"), StepState.PROPOSED, note=note
    )


@transaction.atomic
def accept_orientation(user, assessment, redirection, note=""):
    """Orient the person to another structure: the step is done, the activity record carries the structure."""
    _require_casework(user, assessment)
    labels = dict(redirection_choices())
    if redirection not in labels:
        raise ValidationError(_("Choisissez une structure de la liste."))
    step = _new_step(
        user,
        assessment,
        StepKind.ORIENTATION,
        _("Orientation : %(structure)s") % {"structure": labels[redirection]},
        StepState.DONE,
        note=note,
        redirection=redirection,
    )
    orientation_accepted.send(sender=PathwayStep, step=step, actor=user)
    return step


@transaction.atomic
def ignore(user, assessment, kind, area_code=""):
    """The mediator sets a proposal aside: stored, so it is not proposed again from this diagnostic."""
    _require_casework(user, assessment)
    if kind not in StepKind.values:
        raise ValidationError(_("Choix inconnu."))
    if _decided(assessment, kind, area_code):
        raise ValidationError(_("Cette proposition fait déjà partie du parcours."))
    return _new_step(user, assessment, kind, str(StepKind(kind).label), StepState.IGNORED, area_code)


@transaction.atomic
def mark_done(user, step):
    """The mediator marks a step done by hand (a connectivity offer sold, a step done elsewhere)."""
    if not can_read_casework(user, step.beneficiary):
        raise PermissionDenied
    if step.state in (StepState.DONE, StepState.IGNORED):
        raise ValidationError(_("Cette étape est déjà terminée."))
    step.state, step.state_changed_at = StepState.DONE, timezone.now()
    step.save(update_fields=["state", "state_changed_at"])
    log_access(user, step.beneficiary, AccessLog.Action.UPDATE, reason="parcours après diagnostic")
    return step


# States from real events -------------------------------------------------------------------------------


def _event_state(step, now):
    """The state the events say, or None to leave the step as it is."""
    if step.kind == StepKind.WORKSHOP and step.session_id:
        from tremplin.workshops.models import Attendance, Enrollment, EnrollmentStatus

        enrollment = (
            Enrollment.objects.filter(session_id=step.session_id, beneficiary_id=step.beneficiary_id)
            .exclude(status=EnrollmentStatus.CANCELLED)
            .first()
        )
        if enrollment is None:
            return StepState.PROPOSED
        return StepState.DONE if enrollment.attendance == Attendance.PRESENT else StepState.IN_PROGRESS
    if step.kind == StepKind.COURSE and step.course_id:
        return course_state(step.course_id, step.beneficiary_id, now)
    if step.kind == StepKind.DEVICE and step.device_id:
        from tremplin.inventory.models import Status

        device = step.device
        if device.status == Status.SOLD and device.sold_to_id == step.beneficiary_id:
            return StepState.DONE
        if device.status == Status.RESERVED and device.reserved_for_id == step.beneficiary_id:
            return StepState.IN_PROGRESS
        return StepState.PROPOSED
    return None


def course_state(course_id, beneficiary_id, now=None):
    """Enrolled → in progress; present at least once and every scheduled session over → done."""
    from tremplin.workshops.models import Attendance, Enrollment, EnrollmentStatus, Session

    now = now or timezone.now()
    enrollments = Enrollment.objects.filter(session__course_id=course_id, beneficiary_id=beneficiary_id).exclude(
        status=EnrollmentStatus.CANCELLED
    )
    if not enrollments.exists():
        return StepState.PROPOSED
    over = not Session.objects.scheduled().filter(course_id=course_id, ends_at__gt=now).exists()
    attended = enrollments.filter(attendance=Attendance.PRESENT).exists()
    return StepState.DONE if over and attended else StepState.IN_PROGRESS


def sync_states(beneficiary, now=None):
    """Advance the person's open steps from enrolments, attendance and devices. Returns the steps changed."""
    now = now or timezone.now()
    changed = []
    steps = PathwayStep.objects.filter(beneficiary=beneficiary).exclude(state=StepState.IGNORED)
    for step in steps.exclude(kind__in=[StepKind.CONNECTIVITY, StepKind.ORIENTATION]).select_related("device"):
        state = _event_state(step, now)
        if state and state != step.state and step.state != StepState.DONE:
            step.state, step.state_changed_at = state, now
            step.save(update_fields=["state", "state_changed_at"])
            changed.append(step)
    return changed


def on_attendance_recorded(sender, session, present, actor, **kwargs):
    """Attendance taken (workshops signal): the open steps naming this session or its course advance."""
    from django.db.models import Q

    from tremplin.people.models import Beneficiary

    course_id = getattr(session, "course_id", None)
    about = Q(session_id=session.pk) | (Q(course_id=course_id) if course_id else Q(pk__in=[]))
    people = PathwayStep.objects.open().filter(about, beneficiary__in=list(present)).values("beneficiary_id")
    for person in Beneficiary.objects.filter(pk__in=people):
        sync_states(person)


def pathway_of(beneficiary):
    """The person's accepted steps, newest diagnostic first, then in decision order."""
    return list(
        PathwayStep.objects.accepted()
        .filter(beneficiary=beneficiary)
        .select_related("session__workshop", "session__site", "course__workshop", "device", "assessment")
        .order_by("-assessment__completed_at", "decided_at", "pk")
    )
