"""The pathway proposed from a diagnostic, the mediator's decisions, and the steps' states.

Proposal rules (also in docs/guide-diagnostic.md):
- workshops: for each weak area (level 0 or 1), the next sessions (at most 3 per area, single sessions,
  not courses) at the sites both the mediator and the person share, whose workshop has a thématique the
  area lists (Area.thematiques, Coop national list). Never a workshop the person is already booked on
  (enrolled or waiting, upcoming — no other date, no other slot of the same drop-in morning) or has
  attended, nor a session at the same time as one they are enrolled on (enrolment would refuse both).
  Each workshop is proposed under one area only: the weakest (lowest level, then questionnaire order);
  A full session is offered with its waiting list only when no session of the same workshop has a free
  seat — otherwise that next session is offered instead; of one workshop's sessions on one day (the slots
  of a drop-in morning) only the first is offered;
- courses (parcours, several sessions): for a weak area at level 0, or for every weak area when the
  profile is "à initier" — one session rarely suffices then. The courses at the shared sites whose
  workshop covers the area and that still have an upcoming session (at most 2 per area), with the same
  rules: none the person is already on or that clashes with their sessions; a course with a full session
  only when no course of the same workshop has room (its full sessions then go to the waiting list);
- a device when the person has no device, or only a smartphone while they want to look for a job or do
  procedures (a computer or tablet suits these better). The category proposed: a laptop for a job or
  procedures, else a smartphone; the mediator may pick another category that has available stock. The
  reservation goes through the inventory room's reserve_device (the first available device of the
  category at a shared site, for RESERVATION_DAYS days);
- a connectivity offer when there is no internet at home (sold at the till; the mediator marks it done);
- an orientation elsewhere when the person wants to do procedures and the "démarches" area is at level
  0: they need the procedure done for them (France Services…). Accepting it records the national
  "structure de redirection" on the diagnostic's activity record (activities room, through a signal).

Decisions: the mediator accepts (possibly edited: another session, course, category, structure, a note)
or ignores each proposal; each decision is a PathwayStep. States advance from real events, looked up by
query (sync_states) and on the workshops' attendance signal:
- workshop: enrolled → in progress; present at the session → done; enrolment cancelled → back to proposed;
- course: enrolled → in progress; present at least once and the last session is over → done;
- device: reserved → in progress; sold to the person → done; reservation lifted → back to proposed;
- connectivity: marked done by the mediator; orientation: done when recorded.

The workshops and inventory rooms are beside this one: they are imported here only, lazily, to read
sessions and devices and to call their enrol / reserve services.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.core.models import AccessLog, log_access
from tremplin.people.access import can_read_casework, casework_site_ids

from . import scoring
from .models import Device, Goal, Internet, PathwayStep, Profile, StepKind, StepState
from .signals import orientation_accepted

SESSIONS_PER_AREA = 3
COURSES_PER_AREA = 2
RESERVATION_DAYS = 7
NEEDS_BIG_SCREEN = {Goal.JOB, Goal.PROCEDURES}
PROCEDURES_AREA = "demarches"
DEFAULT_REDIRECTION = "aide_aux_demarches_administratives"

# Device categories a person may be offered (the inventory room's Category values), most useful first.
DEVICE_CATEGORIES = [
    ("laptop", gettext_lazy("Ordinateur portable")),
    ("smartphone", gettext_lazy("Smartphone")),
    ("tablet", gettext_lazy("Tablette")),
    ("desktop", gettext_lazy("Ordinateur fixe")),
]

# The national "structure de redirection" list belongs to the activities room (higher): it registers a
# provider of [(db value, label)] here from its AppConfig.ready().
_redirection_providers = []


def register_redirections(provider):
    if provider not in _redirection_providers:
        _redirection_providers.append(provider)


def redirection_choices():
    return [pair for provider in _redirection_providers for pair in provider()]


@dataclass
class Proposal:
    weak_areas: list = field(default_factory=list)  # [(area, [session, …])]
    courses: list = field(default_factory=list)  # [(area, [course, …])]
    device_url: str = ""
    device_category: str = ""
    device_stock: dict = field(default_factory=dict)  # {category: available count at the shared sites}
    connectivity_url: str = ""
    orientation: str = ""  # the proposed structure de redirection (db value)
    decided: dict = field(default_factory=dict)  # {"kind_area": PathwayStep} decisions already taken

    @property
    def is_empty(self):
        return not (self.weak_areas or self.courses or self.device_url or self.connectivity_url or self.orientation)


def shared_site_ids(user, beneficiary):
    return sorted(casework_site_ids(user) & set(beneficiary.sites.values_list("pk", flat=True)))


def _taken_slots(beneficiary, now):
    """What the person already has: {session pk}, [(start, end)], {course pk} of their active enrolments in
    sessions not over yet, and {workshop pk} of the workshops they are booked on (upcoming) or attended."""
    from django.db.models import Q

    from tremplin.workshops.models import Attendance, Enrollment

    if beneficiary is None:
        return set(), [], set(), set()
    upcoming = Q(session__status="scheduled", session__ends_at__gt=now)
    rows = list(
        Enrollment.objects.active()
        .filter(upcoming, beneficiary=beneficiary)
        .values_list("session_id", "session__starts_at", "session__ends_at", "session__course_id")
    )
    workshops = set(
        Enrollment.objects.active()
        .filter(upcoming | Q(attendance=Attendance.PRESENT), beneficiary=beneficiary)
        .values_list("session__workshop_id", flat=True)
    )
    return (
        {row[0] for row in rows},
        [(row[1], row[2]) for row in rows],
        {row[3] for row in rows if row[3]},
        workshops,
    )


def _clashes(session, slots):
    return any(start < session.ends_at and session.starts_at < end for start, end in slots)


def candidate_sessions(site_ids, now=None, beneficiary=None):
    """Upcoming single sessions at these sites that `beneficiary` can still join, soonest first (three queries).

    Skipped: every session of a workshop they are booked on (enrolled or waiting, upcoming — so another
    date, or another slot of the same drop-in morning, is not offered) or have attended, and sessions at the
    same time as one of theirs.
    Each session gets `is_full`; full ones stay in the list (their waiting list is open)."""
    from tremplin.workshops.models import Session

    now = now or timezone.now()
    enrolled, slots, _courses, workshops = _taken_slots(beneficiary, now)
    sessions = (
        Session.objects.upcoming(now)
        .filter(site_id__in=site_ids, course__isnull=True, workshop__is_active=True)
        .exclude(pk__in=enrolled)
        .exclude(workshop_id__in=workshops)
        .select_related("workshop", "site")
        .with_counts()
        .order_by("starts_at", "pk")
    )
    found = []
    for session in sessions:
        if _clashes(session, slots):
            continue
        session.is_full = session.confirmed_count >= session.seats
        found.append(session)
    return found


def with_room_first(candidates, limit):
    """The candidates in order, a full one only when no candidate of the same workshop has room; of the
    sessions of one workshop on one day (the slots of a drop-in morning), only the first is offered."""
    with_room = {c.workshop_id for c in candidates if not c.is_full}
    chosen, days = [], set()
    for candidate in candidates:
        if candidate.is_full and candidate.workshop_id in with_room:
            continue
        day = _local_day(candidate)
        if day is not None:
            if (candidate.workshop_id, day) in days:
                continue
            days.add((candidate.workshop_id, day))
        chosen.append(candidate)
    return chosen[:limit]


def _local_day(candidate):
    """A session's day at its site (courses: None, they are one choice already)."""
    starts_at = getattr(candidate, "starts_at", None)
    return timezone.localtime(starts_at, candidate.site.tzinfo).date() if starts_at else None


def candidate_courses(site_ids, now=None, beneficiary=None):
    """Courses at these sites with upcoming sessions that `beneficiary` is not on and whose sessions do not
    clash with theirs; each gets `next_session` and `is_full` (a session of it is full)."""
    from tremplin.workshops.models import Session

    now = now or timezone.now()
    _enrolled, slots, their_courses, _workshops = _taken_slots(beneficiary, now)
    sessions = (
        Session.objects.upcoming(now)
        .filter(site_id__in=site_ids, course__isnull=False, workshop__is_active=True)
        .exclude(course_id__in=their_courses)
        .select_related("course__workshop", "site")
        .with_counts()
        .order_by("starts_at", "pk")
    )
    courses, full, clashing = {}, set(), set()
    for session in sessions:
        if session.confirmed_count >= session.seats:
            full.add(session.course_id)
        if _clashes(session, slots):
            clashing.add(session.course_id)
        if session.course_id not in courses:
            session.course.next_session = session
            courses[session.course_id] = session.course
    found = []
    for pk, course in courses.items():
        if pk in clashing:
            continue
        course.is_full = pk in full
        found.append(course)
    return found


def needs_device(assessment):
    devices = set(assessment.devices)
    if not devices or devices == {Device.NONE}:
        return True
    return devices == {Device.SMARTPHONE} and bool(NEEDS_BIG_SCREEN & set(assessment.goals))


def proposed_category(assessment):
    return "laptop" if NEEDS_BIG_SCREEN & set(assessment.goals) else "smartphone"


def device_stock(site_ids):
    """{category: number of available devices} at these sites (one query)."""
    from django.db.models import Count

    from tremplin.inventory.models import Device as StockDevice

    rows = StockDevice.objects.available().filter(site_id__in=site_ids).values("category").annotate(n=Count("pk"))
    return {row["category"]: row["n"] for row in rows}


def needs_orientation(assessment):
    return Goal.PROCEDURES in assessment.goals and assessment.levels.get(PROCEDURES_AREA) == 0


def step_key(step):
    """ "kind_area" of a decision ("workshop_communiquer", "device_"), matching the proposal's entries."""
    return f"{step.kind}_{step.area_code}"


def _once_each(areas, levels, candidates, limit, note_as):
    """[(area, candidates of a workshop covering it)] in the areas' order, each workshop under one area only.

    Two areas may list the same thématique ("Utiliser un appareil" and "Smartphone" both list
    prendre_en_main_du_materiel): a workshop goes to the area where it is most needed — the lowest level,
    then the questionnaire's order — and is not repeated under the other."""
    taken, chosen = set(), {}
    for area in sorted(areas, key=lambda area: levels.get(area.code, 0)):  # stable: questionnaire order kept
        wanted = set(area.thematiques)
        matching = with_room_first(
            [c for c in candidates if c.workshop_id not in taken and wanted & set(c.workshop.thematiques)], limit
        )
        taken.update(c.workshop_id for c in matching)
        chosen[area.code] = matching
    for area in areas:  # where this area's workshops went (area.<note_as>), to say so rather than "nothing"
        wanted = set(area.thematiques)
        served_under = [
            other.name
            for other in areas
            if other.code != area.code and any(wanted & set(c.workshop.thematiques) for c in chosen[other.code])
        ]
        setattr(area, note_as, served_under)
    return [(area, chosen[area.code]) for area in areas]


def propose(assessment, user, now=None):
    site_ids = shared_site_ids(user, assessment.beneficiary)
    proposal = Proposal()
    weak = set(scoring.weak_areas(assessment.levels))
    person = assessment.beneficiary
    sessions = candidate_sessions(site_ids, now, person) if weak and site_ids else []
    weak_areas = [area for area in assessment.questionnaire.areas.all() if area.code in weak]
    proposal.weak_areas = _once_each(weak_areas, assessment.levels, sessions, SESSIONS_PER_AREA, "served_under")
    course_areas = [
        area
        for area, _sessions in proposal.weak_areas
        if assessment.levels.get(area.code) == 0 or assessment.profile == Profile.TO_INITIATE
    ]
    if course_areas and site_ids:
        courses = candidate_courses(site_ids, now, person)
        found = _once_each(course_areas, assessment.levels, courses, COURSES_PER_AREA, "courses_under")
        proposal.courses = [(area, matching) for area, matching in found if matching]
    if site_ids and needs_device(assessment):
        query = {"status": "available", "site": site_ids[0], "personne": assessment.beneficiary.pk}
        proposal.device_url = reverse("inventory:device_list") + "?" + urlencode(query)
        proposal.device_category = proposed_category(assessment)
        proposal.device_stock = device_stock(site_ids)
    if site_ids and assessment.internet == Internet.NONE:
        proposal.connectivity_url = reverse("inventory:product_list")
    if site_ids and needs_orientation(assessment):
        proposal.orientation = DEFAULT_REDIRECTION
    for step in assessment.steps.all():
        proposal.decided[step_key(step)] = step
    for area, _targets in proposal.weak_areas + proposal.courses:
        area.workshop_step = proposal.decided.get(f"{StepKind.WORKSHOP}_{area.code}")
        area.course_step = proposal.decided.get(f"{StepKind.COURSE}_{area.code}")
    return proposal


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
