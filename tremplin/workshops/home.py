"""Workshop figures for the staff home pages."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from tremplin.core.home_counts import HomeCount
from tremplin.core.roles import SITE_ROLES

from .models import Session


def session_counts(user, role):
    if role not in SITE_ROLES:
        return []
    now = timezone.now()
    upcoming = Session.objects.visible_to(user).upcoming(now).filter(starts_at__lt=now + timedelta(days=7))
    count = upcoming.count()
    label = ngettext("séance dans les 7 prochains jours", "séances dans les 7 prochains jours", count)
    return [HomeCount(label, count, reverse("workshops:agenda"))]
