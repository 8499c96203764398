"""What the public pages show: active sites, and the workshop sessions open to the public, with seats left.

A session is open to the public when it is scheduled (not cancelled), has not started, is a one-off workshop
("coup de pouce", anyone may come) of an active catalogue entry, at an active site. Courses (cohorts chosen by
the site) and individual drop-in slots are not advertised. Seats left = seats − confirmed enrolments.
"""

from datetime import time, timedelta

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.text import slugify

from tremplin.network.models import Site
from tremplin.network.timezones import site_datetime
from tremplin.workshops.models import Session, Workshop, WorkshopKind

PUBLIC_KINDS = (WorkshopKind.ONE_OFF,)
NEXT_SESSIONS_PER_SITE = 3


def public_sites():
    return Site.objects.active().order_by("name")


def open_sessions(now=None):
    """The sessions open to the public (the module's rule), without their counts: for filtering and ranking."""
    return Session.objects.upcoming(now or timezone.now()).filter(
        course__isnull=True,
        workshop__is_active=True,
        workshop__kind__in=PUBLIC_KINDS,
        site__is_active=True,
    )


def public_sessions(now=None):
    return open_sessions(now).with_counts().select_related("workshop", "site").order_by("starts_at", "pk")


def next_sessions_by_site(site_ids, now=None, per_site=NEXT_SESSIONS_PER_SITE, weeks=4):
    """{site id: [the next sessions]} for the home page list (one query).

    The `per_site` first of each site are chosen in SQL (`ROW_NUMBER() OVER (PARTITION BY site_id …)`, on
    SQLite and PostgreSQL alike): only those are joined to their workshop, site and enrolment counts, not
    every session of the coming weeks of every site (issue #14).
    """
    now = now or timezone.now()
    first = (
        open_sessions(now)
        .filter(site_id__in=site_ids, starts_at__lt=now + timedelta(weeks=weeks))
        .annotate(rank=Window(RowNumber(), partition_by=[F("site_id")], order_by=[F("starts_at").asc(), F("pk").asc()]))
        .filter(rank__lte=per_site)
        .values("pk")
    )
    found = {}
    for session in public_sessions(now).filter(pk__in=first):
        found.setdefault(session.site_id, []).append(session)
    return found


def first_sessions(sessions, limit, now=None):
    """The first `limit` of `sessions` (open sessions, filtered), with their counts, workshop and site.

    The `limit` are chosen first, on the sessions alone (`starts_at` order, LIMIT), then only those are
    joined to their enrolments to count the seats: grouping every session of the coming weeks by its
    enrolments before keeping `limit` of them costs as much as the network's agenda (issue #14)."""
    first = sessions.order_by("starts_at", "pk").values("pk")[:limit]
    return public_sessions(now).filter(pk__in=first)


def on_thematique(sessions, thematique):
    """`sessions` whose workshop covers `thematique` (the catalogue's few entries are read, not the sessions).

    The thematiques are a JSON list, which SQLite cannot search in SQL: the catalogue is small and bounded,
    the sessions are not."""
    workshops = Workshop.objects.filter(is_active=True, kind__in=PUBLIC_KINDS).values_list("pk", "thematiques")
    return sessions.filter(workshop_id__in=[pk for pk, thematiques in workshops if thematique in (thematiques or [])])


def in_week(sessions, monday, sites):
    """`sessions` starting in the week of `monday`, from Monday 0:00 to the next Monday 0:00 in each site's zone.

    `sites`: the active sites (every public session's site); sites sharing a zone share one condition."""
    by_bounds = {}
    for site in sites:
        bounds = (site_datetime(monday, time.min, site), site_datetime(monday + timedelta(days=7), time.min, site))
        by_bounds.setdefault(bounds, []).append(site.pk)
    condition = Q(pk__in=[])
    for (start, end), site_ids in by_bounds.items():
        condition |= Q(site_id__in=site_ids, starts_at__gte=start, starts_at__lt=end)
    return sessions.filter(condition)


def site_slug(site):
    """ "ly-tremplin-lyon-guillotiere": the site's short code, then its name (public information only)."""
    return f"{site.code.lower()}-{slugify(site.name)}"[:80]


def site_from_slug(slug):
    """The active site whose code starts the slug, or None (the rest of the slug may be out of date)."""
    code = (slug or "").split("-", 1)[0].upper()
    if not code.isascii() or not code.isalpha() or not 2 <= len(code) <= 4:
        return None
    return public_sites().filter(code=code).first()
