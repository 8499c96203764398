"""The staff agenda's week: its sessions day by day, and the weeks to go to from it.

« Semaine précédente / suivante » always move one week (staff plan empty weeks too). When the next or the
previous week is empty, a second link leads to the closest week, before and after, that holds a session the
user may see at the site, and the page says when there is none.
"""

from datetime import time, timedelta

from tremplin.network.timezones import site_datetime, site_localtime

from .forms import week_start

WEEK = timedelta(days=7)


def week_bounds(monday, site):
    """(start, end): the site's Monday 0:00 and the next Monday 0:00, local time, as aware datetimes."""
    return site_datetime(monday, time.min, site), site_datetime(monday + WEEK, time.min, site)


def week_days(sessions, monday, site):
    """[{"date": day, "sessions": [...]}] for the 7 days from `monday`, each session on its local day at `site`.

    `sessions`: the week's sessions, already read, in `starts_at` order."""
    by_day = {}  # each session's local day computed once (it was once per day of the week: 7 × the sessions)
    for session in sessions:
        by_day.setdefault(site_localtime(session.starts_at, site).date(), []).append(session)
    return [{"date": day, "sessions": by_day.get(day, [])} for day in (monday + timedelta(days=n) for n in range(7))]


def neighbouring_weeks(sessions, monday, site):
    """(previous, next): the Monday of the latest week before the week of `monday`, and of the earliest week
    after it, that hold one of `sessions` (a queryset of the site's sessions the user may see, cancelled ones
    included as the agenda shows them), or None where there is none.

    Two queries of one row each, read along the (site, starts_at) index whatever the length of the calendar."""
    start, end = week_bounds(monday, site)
    before = sessions.filter(starts_at__lt=start).order_by("-starts_at").values_list("starts_at", flat=True).first()
    after = sessions.filter(starts_at__gte=end).order_by("starts_at").values_list("starts_at", flat=True).first()
    return (
        week_start(site_localtime(before, site).date()) if before else None,
        week_start(site_localtime(after, site).date()) if after else None,
    )
