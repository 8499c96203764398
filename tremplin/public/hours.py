"""Opening hours as a visitor reads them: open now, today's hours, the week, and the public holidays to come.

Everything is computed at the site's local time (network/timezones.py): a site in Pointe-à-Pitre is
"open now" by its own clock.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.network import opening_hours_display as display
from tremplin.network.public_holidays import holiday_region
from tremplin.network.timezones import site_localtime

HOLIDAYS_AHEAD_DAYS = 92


@dataclass
class Today:
    state: str | None  # "open", "closed", "unknown", or None when the site gave no hours
    slots: list | None  # today's slots, [] when closed all day, None when unknown

    @property
    def label(self):
        return {
            "open": _("Ouvert maintenant"),
            "closed": _("Fermé maintenant"),
            "unknown": _("Horaires à confirmer"),
        }.get(self.state, _("Horaires non indiqués"))


def today(site, now=None):
    local = site_localtime(now or timezone.now(), site).replace(tzinfo=None)
    if not site.opening_hours:
        return Today(state=None, slots=None)
    region = holiday_region(site.postal_code)
    return Today(
        state=display.state_at(site.opening_hours, local, region),
        slots=display.slots_on(site.opening_hours, local.date(), region),
    )


def holidays(site, now=None):
    """[(date, slots or [] when closed, or None when unknown)] for the public holidays of the next three months."""
    if not site.opening_hours:
        return []
    start = site_localtime(now or timezone.now(), site).date()
    region = holiday_region(site.postal_code)
    return [
        (day, display.slots_on(site.opening_hours, day, region))
        for day in display.upcoming_public_holidays(start, HOLIDAYS_AHEAD_DAYS, region)
    ]
