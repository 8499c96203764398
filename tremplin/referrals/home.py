"""Referral figures for the staff home pages."""

from django.urls import reverse
from django.utils.translation import ngettext

from tremplin.core.home_counts import HomeCount
from tremplin.core.roles import Role

from .models import Referral


def referral_counts(user, role):
    if role not in (Role.SITE_MANAGER, Role.MEDIATOR):
        return []
    received = Referral.objects.received_by(user)
    waiting_long = received.waiting_too_long().count()
    to_handle = received.open().count()
    label = ngettext("orientation à traiter", "orientations à traiter", to_handle)
    counts = [HomeCount(label, to_handle, reverse("referrals:inbox"))]
    if waiting_long:
        counts.append(
            HomeCount(
                ngettext(
                    "orientation en attente depuis trop longtemps",
                    "orientations en attente depuis trop longtemps",
                    waiting_long,
                ),
                waiting_long,
                reverse("referrals:inbox"),
                warning=True,
            )
        )
    return counts
