"""What the inventory room shows on a person's page: the reserve link and the devices reserved for them.

Reservations belong to the till side: site managers and mediators only, never volunteers.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.roles import Role

PERSON_ROLES = (Role.SITE_MANAGER, Role.MEDIATOR)


def reserve_action(beneficiary, user):
    from tremplin.people.actions import PersonAction, site_ids_of

    shared = sorted(user.site_ids(*PERSON_ROLES) & site_ids_of(beneficiary))
    if shared:
        query = {"status": "available", "site": shared[0], "personne": beneficiary.pk}
        yield PersonAction(_("Réserver un appareil"), reverse("inventory:device_list") + "?" + urlencode(query), 30)


def reserved_devices(beneficiary, user):
    from tremplin.people.actions import CurrentItem

    from .models import Status
    from .timeline import person_devices

    if not user.site_ids(*PERSON_ROLES):
        return
    # The devices the timeline read (one query for both), kept in the order of their ids.
    devices = sorted(
        (
            d
            for d in person_devices(beneficiary, user)
            if d.reserved_for_id == beneficiary.pk and d.status == Status.RESERVED
        ),
        key=lambda device: device.pk,
    )
    for device in devices[:10]:
        yield CurrentItem(
            "device",
            _("Appareil réservé : %(label)s") % {"label": f"{device.asset_tag} {device.brand} {device.model_name}"},
            _("Jusqu'au %(date)s") % {"date": f"{timezone.localtime(device.reserved_until):%d/%m/%Y}"},
            device.get_absolute_url(),
        )


def connect():
    try:
        from tremplin.people import actions
    except ImportError:  # the people room offers no actions
        return
    actions.register_action(reserve_action)
    actions.register_current(reserved_devices)
