"""Workshop figures for the staff home pages."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.home_counts import HomeCount
from tremplin.core.roles import SITE_ROLES

from .models import Session


def session_counts(user, role):
    if role not in SITE_ROLES:
        return []
    now = timezone.now()
    upcoming = Session.objects.visible_to(user).upcoming(now).filter(starts_at__lt=now + timedelta(days=7))
    return [HomeCount(_("séances dans les 7 prochains jours"), upcoming.count(), reverse("workshops:agenda"))]
