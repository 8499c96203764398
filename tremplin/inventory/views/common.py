"""Roles and scope helpers shared by the inventory views."""

from django.core.exceptions import ValidationError
from django.db.models import Q

from tremplin.core.roles import Role
from tremplin.network.models import Site

from ..models import DonationBatch

# Who may do what in the inventory room (see docs/guide-reconditionnement.md).
WORKSHOP_ROLES = (Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER)
STOCK_ROLES = (Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR)
PERSON_ROLES = (Role.SITE_MANAGER, Role.MEDIATOR)
DASHBOARD_ROLES = (*WORKSHOP_ROLES, Role.OBSERVER)
# Statuses a volunteer may move a device to: the refurbishment bench, never the sale side.
VOLUNTEER_TARGETS = frozenset({"diagnosis", "erased", "refurbished", "parts"})


def stock_sites(user):
    """Sites whose stock the user manages (receive, reserve, transfer)."""
    if user.is_network_admin:
        return Site.objects.active()
    return Site.objects.filter(pk__in=user.site_ids(Role.SITE_MANAGER, Role.MEDIATOR))


def workshop_sites(user):
    if user.is_network_admin:
        return Site.objects.active()
    return Site.objects.filter(pk__in=user.site_ids(Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER))


def batches_for(user):
    return DonationBatch.objects.visible_to(user).filter(Q(site__in=stock_sites(user)))


def is_stock_staff(user, site_id):
    return user.is_network_admin or site_id in user.site_ids(Role.SITE_MANAGER, Role.MEDIATOR)


def error_text(error):
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


def person_param(request):
    """The `personne` query parameter (a person's opaque id) when it is a well-formed UUID, else ""."""
    import uuid

    value = request.GET.get("personne", "").strip()
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return ""
