"""Devices in a person's timeline (people room): reservations and purchases, for casework staff only."""

from django.db.models import Q
from django.utils.translation import gettext as _

from tremplin.core.roles import Role
from tremplin.people.timeline import TimelineEvent

from .models import Device, Status

# What the timeline and "En cours" show of a device (it is 35 columns wide).
PERSON_DEVICE_FIELDS = (
    "asset_tag",
    "brand",
    "model_name",
    "status",
    "status_changed_at",
    "reserved_for",
    "reserved_until",
    "sold_to",
    "sold_at",
    "warranty_until",
    "received_at",
)


def person_devices(beneficiary, user):
    """The devices reserved for or sold to the person that `user` may see, in the list's order.

    Read once per request: the person's page shows them in its timeline and again as what is under way
    (`person_actions.reserved_devices`); kept on the person's instance, for this user only."""
    cached = getattr(beneficiary, "_inventory_devices", None)
    if cached is None or cached[0] != user.pk:
        devices = (
            Device.objects.visible_to(user)
            .filter(Q(reserved_for=beneficiary) | Q(sold_to=beneficiary))
            .only(*PERSON_DEVICE_FIELDS)
        )
        cached = (user.pk, list(devices))
        beneficiary._inventory_devices = cached
    return cached[1]


def device_events(beneficiary, user):
    # Sales and reservations belong to the till side: never shown to volunteers.
    if not user.has_role(Role.SITE_MANAGER, Role.MEDIATOR):
        return
    for device in person_devices(beneficiary, user):
        label = f"{device.asset_tag} {device.brand} {device.model_name}"
        if device.status == Status.SOLD and device.sold_to_id == beneficiary.pk:
            yield TimelineEvent(
                device.sold_at,
                "device",
                _("Matériel acquis : %(label)s") % {"label": label},
                _("Garantie jusqu'au %(date)s") % {"date": f"{device.warranty_until:%d/%m/%Y}"},
                device.get_absolute_url(),
            )
        elif device.status == Status.RESERVED:
            yield TimelineEvent(
                device.status_changed_at,
                "device",
                _("Matériel réservé : %(label)s") % {"label": label},
                _("Jusqu'au %(date)s") % {"date": f"{device.reserved_until:%d/%m/%Y}"},
                device.get_absolute_url(),
            )
