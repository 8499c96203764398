"""What the public pages show: active sites, and the workshop sessions open to the public, with seats left.

A session is open to the public when it is scheduled (not cancelled), has not started, is a one-off workshop
("coup de pouce", anyone may come) of an active catalogue entry, at an active site. Courses (cohorts chosen by
the site) and individual drop-in slots are not advertised. Seats left = seats − confirmed enrolments.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from tremplin.network.models import Site
from tremplin.workshops.models import Session, WorkshopKind

PUBLIC_KINDS = (WorkshopKind.ONE_OFF,)
NEXT_SESSIONS_PER_SITE = 3


def public_sites():
    return Site.objects.active().order_by("name")


def public_sessions(now=None):
    return (
        Session.objects.upcoming(now or timezone.now())
        .filter(
            course__isnull=True,
            workshop__is_active=True,
            workshop__kind__in=PUBLIC_KINDS,
            site__is_active=True,
        )
        .with_counts()
        .select_related("workshop", "site")
        .order_by("starts_at", "pk")
    )


def next_sessions_by_site(site_ids, now=None, per_site=NEXT_SESSIONS_PER_SITE, weeks=4):
    """{site id: [the next sessions]} for the home page list (one query)."""
    now = now or timezone.now()
    found = {}
    for session in public_sessions(now).filter(site_id__in=site_ids, starts_at__lt=now + timedelta(weeks=weeks)):
        if len(found.setdefault(session.site_id, [])) < per_site:
            found[session.site_id].append(session)
    return found


def site_slug(site):
    """ "ly-tremplin-lyon-guillotiere": the site's short code, then its name (public information only)."""
    return f"{site.code.lower()}-{slugify(site.name)}"[:80]


def site_from_slug(slug):
    """The active site whose code starts the slug, or None (the rest of the slug may be out of date)."""
    code = (slug or "").split("-", 1)[0].upper()
    if not code.isascii() or not code.isalpha() or not 2 <= len(code) <= 4:
        return None
    return public_sites().filter(code=code).first()
