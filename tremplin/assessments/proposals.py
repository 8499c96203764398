"""What a diagnostic proposes: workshops, courses, a device, a connectivity offer, an orientation.

The rules (also in docs/guide-diagnostic.md, « Le parcours proposé »):
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
  category at a shared site, for pathway.RESERVATION_DAYS days);
- a connectivity offer when there is no internet at home (sold at the till; the mediator marks it done);
- an orientation elsewhere when the person wants to do procedures and the "démarches" area is at level
  0: they need the procedure done for them (France Services…). Accepting it records the national
  "structure de redirection" on the diagnostic's activity record (activities room, through a signal).

The mediator's decisions on a proposal and the states of the accepted steps are in pathway.py. The
workshops and inventory rooms are beside this one: they are imported here only, lazily, to read sessions
and devices.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tremplin.people.access import casework_site_ids

from . import scoring
from .models import Device, Goal, Internet, Profile, StepKind

SESSIONS_PER_AREA = 3
COURSES_PER_AREA = 2
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
