"""The "Saisir une activité" link on a person's page (people room), for the staff of the person's sites."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from tremplin.core.roles import Role

RECORDING_ROLES = (Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER)


def record_activity_action(beneficiary, user):
    from tremplin.people.actions import PersonAction, site_ids_of

    if user.site_ids(*RECORDING_ROLES) & site_ids_of(beneficiary):
        url = reverse("activities:quick_entry") + "?" + urlencode({"personne": beneficiary.pk})
        yield PersonAction(_("Saisir une activité"), url, order=20)


def connect():
    try:
        from tremplin.people import actions
    except ImportError:  # the people room offers no actions
        return
    actions.register_action(record_activity_action)
