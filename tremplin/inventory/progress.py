"""The inventory room's answer to "where is the person?" on the referrer's page (yes/no only).

Only devices are sold to a named person here; recharge codes and SIM cards are not linked to a person
in this room, so they do not count (the till room may register its own answer).
"""

from django.utils.translation import gettext_lazy as _

EQUIPPED = _("A obtenu un équipement ou une connectivité")


def got_equipment(beneficiary):
    from .models import Device, Status

    return {EQUIPPED: Device.objects.filter(sold_to=beneficiary, status=Status.SOLD).exists()}


def connect():
    try:
        from tremplin.referrals import progress
    except ImportError:  # the referral room is not installed
        return
    progress.register(got_equipment)
