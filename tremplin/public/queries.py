"""What the public pages show: active sites, and the workshop sessions open to the public, with seats left.

A session is open to the public when it is scheduled (not cancelled), has not started, is a one-off workshop
("coup de pouce", anyone may come) of an active catalogue entry, at an active site. Courses (cohorts chosen by
the site) and individual drop-in slots are not advertised. Seats left = seats − confirmed enrolments.
"""

from datetime import time, timedelta

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.text import slugify

from tremplin.network.models import Site
from tremplin.network.timezones import site_datetime
from tremplin.workshops.models import EnrollmentStatus, Session, Workshop, WorkshopKind

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


def listed(ids, sites):
    """The sessions of `ids` (a list), as a public list shows them, in `starts_at` order.

    Each comes with its workshop and `confirmed_count` (for "places libres": seats − confirmed enrolments,
    `Session.seats_left`), and its site taken from `sites` — the active sites the page has already read — rather
    than joined: a list of 200 sessions no longer reads and parses its sites' 200 copies (hours, services,
    directions), nor groups by them. The ids are a list, not a subquery: given `id IN (SELECT … LIMIT 200)`,
    PostgreSQL hashed the 200 ids and scanned the whole session table, past included, to find them (issue #14,
    docs/performance.md "Scale 3: public agenda and home"). A session whose site is not in `sites` (a site closed
    between the two reads) is left out, as the next request would."""
    if not ids:
        return []
    by_id = {site.pk: site for site in sites}
    sessions = (
        Session.objects.filter(pk__in=ids)
        .annotate(confirmed_count=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.CONFIRMED)))
        .select_related("workshop")
        .order_by("starts_at", "pk")
    )
    shown = []
    for session in sessions:
        site = by_id.get(session.site_id)
        if site is not None:
            session.site = site
            shown.append(session)
    return shown


def next_sessions_by_site(sites, now=None, per_site=NEXT_SESSIONS_PER_SITE, weeks=4):
    """{site id: [the next sessions]} for the home page list (two queries), `sites`: the active sites shown.

    The `per_site` first of each site are chosen by one query on the sites: the site's first, second and third
    open sessions are each a subquery (`ORDER BY starts_at, id LIMIT 1 OFFSET k`) reading the site's index
    (`session_site_start_idx`) from now on, a few rows whatever the size of the network or of its calendar (a
    window `ROW_NUMBER() OVER (PARTITION BY site_id …)` ranked every open session of the 4 weeks of every site,
    issue #14). Then only those are read, with their workshop and counts (`listed`).
    """
    now = now or timezone.now()
    coming = (
        open_sessions(now)
        .filter(site_id=OuterRef("pk"), starts_at__lt=now + timedelta(weeks=weeks))
        .order_by("starts_at", "pk")
        .values("pk")
    )
    ranks = {f"session_{rank}": Subquery(coming[rank : rank + 1]) for rank in range(per_site)}
    rows = Site.objects.filter(pk__in=[site.pk for site in sites]).order_by().annotate(**ranks).values_list(*ranks)
    found = {}
    for session in listed([pk for row in rows for pk in row if pk is not None], sites):
        found.setdefault(session.site_id, []).append(session)
    return found


def first_sessions(sessions, limit, sites, offset=0):
    """The first `limit` of `sessions` (open sessions, filtered) after `offset`, with their counts, workshop and
    site (`listed`).

    The `limit` are chosen first, on the sessions alone (`ORDER BY starts_at, id LIMIT`, read along the
    `starts_at` index), then only those are read by id and joined to their enrolments to count the seats:
    grouping every session of the coming weeks by its enrolments before keeping `limit` of them costs as much as
    the network's agenda (issue #14)."""
    ids = sessions.order_by("starts_at", "pk").values_list("pk", flat=True)[offset : offset + limit]
    return listed(list(ids), sites)


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


def weeks_with_sessions(sessions, mondays, sites):
    """The set of `mondays` (dates) whose week holds one of `sessions` (open sessions, already filtered by site and
    theme), each week from Monday 0:00 to the next Monday 0:00 in each site's zone, as `in_week` reads it.

    One grouped query, whatever the number of weeks: each session's week is a `CASE` on its start (and its site's
    zone when the sites do not share one), and `SELECT DISTINCT` of it returns one row per week that has a session.
    The sessions read are the open ones of the agenda's window (`sessions` bounds it: 8 weeks), along the start
    index. An `EXISTS` per week asked the database less but cost Django ≈ 10× more to build and compile (8 copies
    of the sessions' joins and filters), on every page of the agenda (docs/performance.md, "s20-agenda2").
    `sites`: the active sites the page has read (a session of another site has no week: a site closed meanwhile)."""
    if not mondays or not sites:
        return set()
    zones = {}
    for site in sites:
        zones.setdefault(site.tzinfo, []).append(site)
    weeks = []
    for zone_sites in zones.values():
        # Sites sharing a zone share their weeks' bounds; one zone for every site needs no condition on the site.
        on_site = {} if len(zones) == 1 else {"site_id__in": [site.pk for site in zone_sites]}
        for number, monday in enumerate(mondays):
            start = site_datetime(monday, time.min, zone_sites[0])
            end = site_datetime(monday + timedelta(days=7), time.min, zone_sites[0])
            weeks.append(When(Q(starts_at__gte=start, starts_at__lt=end, **on_site), then=Value(number)))
    found = (
        sessions.order_by()
        .annotate(agenda_week=Case(*weeks, output_field=IntegerField()))
        .values_list("agenda_week", flat=True)
        .distinct()
    )
    return {mondays[number] for number in found if number is not None}


def site_slug(site):
    """ "ly-tremplin-lyon-guillotiere": the site's short code, then its name (public information only)."""
    return f"{site.code.lower()}-{slugify(site.name)}"[:80]


def site_from_slug(slug):
    """The active site whose code starts the slug, or None (the rest of the slug may be out of date)."""
    code = (slug or "").split("-", 1)[0].upper()
    if not code.isascii() or not code.isalpha() or not 2 <= len(code) <= 4:
        return None
    return public_sites().filter(code=code).first()
