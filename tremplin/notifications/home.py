"""Message figures for the staff home pages."""

from django.urls import reverse
from django.utils.translation import ngettext

from tremplin.core.home_counts import HomeCount
from tremplin.core.roles import Role

from .models import Message


def to_call_counts(user, role):
    """The messages staff pass on by phone (notifications:to_call). Named for what they are — messages — so that
    they are not taken for the public's call-back requests (« demandes de rappel », referrals.home)."""
    if role not in (Role.SITE_MANAGER, Role.MEDIATOR):
        return []
    count = Message.objects.visible_to(user).to_call().count()
    return [
        HomeCount(
            ngettext("message à transmettre par téléphone", "messages à transmettre par téléphone", count),
            count,
            reverse("notifications:to_call"),
            warning=count > 0,
        )
    ]
