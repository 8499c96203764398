"""schema.org structured data (JSON-LD) for search engines: each site is a Place, each public session an Event."""

from tremplin.core.phones import national_format
from tremplin.network.timezones import site_localtime

OSM_DAYS = {
    "Mo": "Monday",
    "Tu": "Tuesday",
    "We": "Wednesday",
    "Th": "Thursday",
    "Fr": "Friday",
    "Sa": "Saturday",
    "Su": "Sunday",
}


def _opening_hours(site):
    """OpeningHoursSpecification from the ordinary week (none when the hours vary by week)."""
    from tremplin.network.opening_hours_display import _ordinary_week

    week = _ordinary_week(site.opening_hours, "fr") if site.opening_hours else None
    specs = []
    for offset, slots in enumerate(week or []):
        day = list(OSM_DAYS.values())[offset]
        for slot in slots:
            hours = slot.split(" ")[0]
            if "–" not in hours:
                continue
            opens, closes = hours.split("–")
            specs.append({"@type": "OpeningHoursSpecification", "dayOfWeek": day, "opens": opens, "closes": closes})
    return specs


def place(site, url):
    data = {
        "@context": "https://schema.org",
        "@type": "Place",
        "name": site.name,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": site.address,
            "postalCode": site.postal_code,
            "addressLocality": site.commune,
            "addressCountry": "FR",
        },
    }
    if site.latitude is not None and site.longitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": float(site.latitude), "longitude": float(site.longitude)}
    if site.phone:
        data["telephone"] = national_format(site.phone)
    hours = _opening_hours(site)
    if hours:
        data["openingHoursSpecification"] = hours
    return data


def event(session, site_url, absolute):
    site = session.site
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": session.workshop.title,
        "description": session.workshop.description,
        "startDate": site_localtime(session.starts_at, site).isoformat(),
        "endDate": site_localtime(session.ends_at, site).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": site.name,
            "url": absolute(site_url),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": site.address,
                "postalCode": site.postal_code,
                "addressLocality": site.commune,
                "addressCountry": "FR",
            },
        },
        "maximumAttendeeCapacity": session.seats,
        "remainingAttendeeCapacity": session.seats_left,
    }
    return data
