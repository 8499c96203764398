"""Absolute links for what leaves the app (e-mails, SMS, PDF QR codes): always from settings.SITE_URL.

A request's host is not used: messages are also sent by commands and background jobs, which have none, and
the address people receive must be the one the network publishes (see SITE_URL in settings).
"""

from django.conf import settings


def absolute_url(path):
    """`path` (as reverse() gives it) as a full address on the site's base address."""
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")
