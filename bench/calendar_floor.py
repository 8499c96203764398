"""Like with like for the pages that list sessions (issue #14): both sizes show the same number of sessions.

bench/generate.py spreads its sessions (5,000 × scale) over 21 months, so the calendar's *density* follows the
scale: at `--scale 0.02` the busiest site has no session in most weeks and the whole network 4 open sessions in
the next 4 weeks; at `--scale 2` the busiest site holds ≈ 16 sessions a week and the network ≈ 440 in 4 weeks.
The staff week agenda, the public home (3 sessions per site), the public site page (12) and the public agenda
(30 a page) then showed 0–8 rows on the small database and 16–60 on the big one, and big ÷ small measured the
length of the page rather than the size of the database (docs/performance.md, "s19-agenda").

Before measuring, `top_up()` writes the sessions a database lacks to reach the floors below (the big database
already holds them, so nothing is added there; the small one gets the same number of rows to show):

- the busiest site's current week (the site's Monday to Monday) holds `WEEK_SESSIONS` sessions;
- every active site holds `SITE_SESSIONS` open public sessions in the home page's 4 weeks;
- the busiest site holds `SITE_PAGE_SESSIONS` open public sessions in the agenda's 8 weeks (its public page).

Each added session gets `ENROLLED` enrolments of the site's people (confirmed up to its seats, then waiting;
attendance recorded once it is over), as the generator does — never Hélène, whose pages are measured too.
Written once: a later run finds the floors met. The other pages are unaffected but for the statistics of the
current week at the small size (its few sessions already over, with their attendance).
"""

from datetime import time, timedelta

from fixtures import HELENE

WEEK_SESSIONS = 16  # the busiest site's week at --scale 2: 10,000 sessions × 14 % / 90 weeks
SITE_SESSIONS = 3  # public.queries.NEXT_SESSIONS_PER_SITE, over the home page's 4 weeks
SITE_PAGE_SESSIONS = 12  # the site page's list (public.views.site_page)
ENROLLED = 8  # the generator's mean (40,000 enrolments for 5,000 sessions)
HOURS = (time(9), time(14), time(16))
ROOM = "[bench] Salle"


def top_up(site, now):
    """Add the sessions missing from the floors above; `site`: the busiest site. Returns how many were added."""
    from django.db import connection

    from tremplin.network.models import Site
    from tremplin.network.timezones import site_today
    from tremplin.public.queries import open_sessions
    from tremplin.workshops.forms import week_start
    from tremplin.workshops.models import Session

    monday = week_start(site_today(site, now))
    week = [monday + timedelta(days=offset) for offset in range(7)]
    start, end = _local(site, monday), _local(site, monday + timedelta(days=7))
    missing = WEEK_SESSIONS - Session.objects.filter(site=site, starts_at__gte=start, starts_at__lt=end).count()
    added = _add(site, _slots(site, week, now=None), missing, now)
    for other in Site.objects.active():
        ahead = open_sessions(now).filter(site=other, starts_at__lt=now + timedelta(weeks=4)).count()
        days = [site_today(other, now) + timedelta(days=offset) for offset in range(1, 28)]
        added += _add(other, _slots(other, days, now), SITE_SESSIONS - ahead, now)
    ahead = open_sessions(now).filter(site=site, starts_at__lt=now + timedelta(weeks=8)).count()
    days = [site_today(site, now) + timedelta(days=offset) for offset in range(1, 56)]
    added += _add(site, _slots(site, days, now), SITE_PAGE_SESSIONS - ahead, now)
    if added:  # the planner's statistics, as bench/generate.py leaves them
        with connection.cursor() as cursor:
            for table in ("workshops_session", "workshops_enrollment"):
                cursor.execute(f"ANALYZE {table}")
    return added


def _local(site, day, at=time.min):
    from tremplin.network.timezones import site_datetime

    return site_datetime(day, at, site)


def _slots(site, days, now):
    """Start times on `days` (Monday to Saturday) at the HOURS, after `now` when given."""
    starts = [_local(site, day, hour) for day in days if day.weekday() < 6 for hour in HOURS]
    return [start for start in starts if now is None or start > now]


def _add(site, slots, count, now):
    from tremplin.people.models import Beneficiary
    from tremplin.workshops.models import Enrollment, Session, Workshop, WorkshopKind

    if count <= 0:
        return 0
    workshops = list(Workshop.objects.filter(is_active=True, kind=WorkshopKind.ONE_OFF).order_by("pk")[:12])
    # Not Hélène: her person page and timeline are measured, and must show at both sizes what the generator gave her.
    others = Beneficiary.objects.filter(sites=site).exclude(phone=HELENE["phone"]).order_by("pk")
    people = list(others.values_list("pk", flat=True)[:200])
    taken = set(Session.objects.filter(site=site, starts_at__in=slots).values_list("starts_at", flat=True))
    sessions = []
    for index, starts in enumerate(start for start in slots if start not in taken):
        if index == count:
            break
        workshop = workshops[index % len(workshops)]
        over = starts + timedelta(minutes=workshop.duration_minutes) <= now
        sessions.append(
            Session(
                site=site,
                workshop=workshop,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=workshop.duration_minutes),
                room=ROOM,
                seats=6 + index % 7,
                attendance_taken_at=starts + timedelta(hours=2) if over else None,
            )
        )
    sessions = Session.objects.bulk_create(sessions)
    if sessions and sessions[0].pk is None:  # databases that return no ids from bulk inserts
        sessions = list(Session.objects.filter(site=site, room=ROOM, starts_at__in=[s.starts_at for s in sessions]))
    enrolments = []
    for number, session in enumerate(sessions):
        over = session.attendance_taken_at is not None
        for rank in range(min(ENROLLED, len(people))):
            confirmed = rank < session.seats
            enrolments.append(
                Enrollment(
                    session=session,
                    beneficiary_id=people[(number * ENROLLED + rank) % len(people)],
                    status="confirmed" if confirmed else "waitlisted",
                    position=None if confirmed else rank - session.seats + 1,
                    attendance=("absent" if rank % 5 == 4 else "present") if confirmed and over else "unknown",
                )
            )
    Enrollment.objects.bulk_create(enrolments)
    return len(sessions)
