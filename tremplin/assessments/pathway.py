"""The pathway proposed from a diagnostic: workshops for the weak areas, a device, a connectivity offer.

Rules (also in docs/guide-diagnostic.md):
- workshops: for each weak area (level 0 or 1), the next sessions (at most 3 per area, single sessions,
  not courses) that still have a free seat, at the sites both the mediator and the person share, whose
  workshop has a thématique the area lists (Area.thematiques, Coop national list);
- a device when the person has no device, or only a smartphone while they want to look for a job or do
  procedures (a computer or tablet suits these better): link to the site's available devices to reserve;
- a connectivity offer when there is no internet at home.
The workshops room is beside this one: it is imported here only, lazily, to read sessions and enrol.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from tremplin.people.access import casework_site_ids

from . import scoring
from .models import Device, Goal, Internet

SESSIONS_PER_AREA = 3
NEEDS_BIG_SCREEN = {Goal.JOB, Goal.PROCEDURES}


@dataclass
class Proposal:
    weak_areas: list = field(default_factory=list)  # [(area, [session, …])]
    device_url: str = ""
    connectivity_url: str = ""


def shared_site_ids(user, beneficiary):
    return sorted(casework_site_ids(user) & set(beneficiary.sites.values_list("pk", flat=True)))


def candidate_sessions(site_ids, now=None):
    """Upcoming single sessions with a free seat at these sites (one query), soonest first."""
    from tremplin.workshops.models import Session

    sessions = (
        Session.objects.upcoming(now or timezone.now())
        .filter(site_id__in=site_ids, course__isnull=True, workshop__is_active=True)
        .select_related("workshop", "site")
        .with_counts()
        .order_by("starts_at", "pk")
    )
    return [session for session in sessions if session.confirmed_count < session.seats]


def needs_device(assessment):
    devices = set(assessment.devices)
    if not devices or devices == {Device.NONE}:
        return True
    return devices == {Device.SMARTPHONE} and bool(NEEDS_BIG_SCREEN & set(assessment.goals))


def propose(assessment, user, now=None):
    site_ids = shared_site_ids(user, assessment.beneficiary)
    proposal = Proposal()
    weak = set(scoring.weak_areas(assessment.levels))
    sessions = candidate_sessions(site_ids, now) if weak and site_ids else []
    for area in assessment.questionnaire.areas.all():
        if area.code not in weak:
            continue
        wanted = set(area.thematiques)
        matching = [s for s in sessions if wanted & set(s.workshop.thematiques)][:SESSIONS_PER_AREA]
        proposal.weak_areas.append((area, matching))
    if site_ids and needs_device(assessment):
        query = {"status": "available", "site": site_ids[0], "personne": assessment.beneficiary.pk}
        proposal.device_url = reverse("inventory:device_list") + "?" + urlencode(query)
    if site_ids and assessment.internet == Internet.NONE:
        proposal.connectivity_url = reverse("inventory:product_list")
    return proposal


def enrol_from_proposal(user, assessment, session_pk, now=None):
    """Enrol the person in a proposed session (the workshops room's enrol service). None if not proposed."""
    from tremplin.workshops import services

    offered = {s.pk: s for _area, sessions in propose(assessment, user, now).weak_areas for s in sessions}
    session = offered.get(session_pk)
    if session is None:
        return None
    return services.enroll(user, session, assessment.beneficiary, now=now)
