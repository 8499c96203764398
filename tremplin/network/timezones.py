"""Each site lives in its own time zone: the one place that says which, and how to use it.

A session at 09:30 in Pointe-à-Pitre is 09:30 America/Guadeloupe (13:30 UTC, 14:30 in Paris in
winter). Times are entered, shown, printed and reminded in the site's zone, and "today" at a site is
its local date. Use these helpers rather than `timezone.localtime()` / `localdate()` alone, which
answer in the server's zone (Europe/Paris):

- `site_timezone(site)` → ZoneInfo (also `Site.tzinfo`);
- `site_localtime(value, site)`, `site_today(site, now=None)`, `site_datetime(day, time, site)`;
- `site_time(site)`: a context manager activating the zone (templates, PDFs, forms rendered inside
  it show local times); `SiteTimeZoneMiddleware` activates it for a whole request when every site of
  the user shares one zone; templates showing sessions of several sites use
  `{{ value|timezone:session.site.time_zone }}` (Django's tz library).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PARIS = "Europe/Paris"

# Départements and collectivités by the first three digits of their postal codes (tz database names).
# 977 Saint-Barthélemy and 978 Saint-Martin use 971xx postal codes; their INSEE prefixes are listed too.
ZONE_BY_DEPARTMENT = {
    "971": "America/Guadeloupe",
    "977": "America/Guadeloupe",
    "978": "America/Guadeloupe",
    "972": "America/Martinique",
    "973": "America/Cayenne",
    "974": "Indian/Reunion",
    "975": "America/Miquelon",
    "976": "Indian/Mayotte",
    "986": "Pacific/Wallis",
    "987": "Pacific/Tahiti",
    "988": "Pacific/Noumea",
}

TIME_ZONE_CHOICES = [
    (PARIS, _("Métropole et Corse (Europe/Paris)")),
    ("America/Guadeloupe", _("Guadeloupe, Saint-Barthélemy, Saint-Martin (America/Guadeloupe)")),
    ("America/Martinique", _("Martinique (America/Martinique)")),
    ("America/Cayenne", _("Guyane (America/Cayenne)")),
    ("Indian/Reunion", _("La Réunion (Indian/Reunion)")),
    ("Indian/Mayotte", _("Mayotte (Indian/Mayotte)")),
    ("America/Miquelon", _("Saint-Pierre-et-Miquelon (America/Miquelon)")),
    ("Pacific/Wallis", _("Wallis-et-Futuna (Pacific/Wallis)")),
    ("Pacific/Tahiti", _("Polynésie française (Pacific/Tahiti)")),
    ("Pacific/Noumea", _("Nouvelle-Calédonie (Pacific/Noumea)")),
]


def time_zone_for_postal_code(postal_code):
    """The tz database name for a French postal code (or INSEE code): its département's zone."""
    return ZONE_BY_DEPARTMENT.get(str(postal_code or "").strip()[:3], PARIS)


def site_timezone(site):
    """The site's zone (the server's default zone when there is no site)."""
    if site is None:
        return ZoneInfo(settings.TIME_ZONE)
    name = getattr(site, "time_zone", "") or time_zone_for_postal_code(getattr(site, "postal_code", ""))
    return ZoneInfo(name)


def site_localtime(value, site):
    """An aware datetime as the wall-clock time at the site."""
    return timezone.localtime(value, site_timezone(site))


def site_today(site, now=None):
    """Today's date at the site (in Pointe-à-Pitre it is still yesterday at 02:00 in Paris)."""
    return site_localtime(now or timezone.now(), site).date()


def site_datetime(day, time, site):
    """The aware datetime of `time` on `day` at the site (a form's date + time fields)."""
    return timezone.make_aware(datetime.combine(day, time), site_timezone(site))


def site_time(site):
    """`with site_time(site): …` renders and formats in the site's zone."""
    return timezone.override(site_timezone(site))


class SiteTimeZoneMiddleware:
    """Show times in the user's own zone when all the sites they work at share one (else Paris time).

    Pages about one session or one site's agenda still use that site's zone explicitly (`site_time`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = self._zone(getattr(request, "user", None))
        if zone is None:
            return self.get_response(request)
        with timezone.override(zone):
            return self.get_response(request)

    @staticmethod
    def _zone(user):
        if user is None or not user.is_authenticated:
            return None
        sites = [m.site for m in user.active_memberships if m.site_id]
        zones = {site_timezone(site).key for site in sites}
        if len(zones) == 1:
            (name,) = zones
            return None if name == settings.TIME_ZONE else ZoneInfo(name)
        return None
