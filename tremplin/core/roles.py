"""The roles of ARCHITECTURE.md §1 and where each one applies."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NETWORK_ADMIN = "network_admin", _("Équipe nationale")
    SITE_MANAGER = "site_manager", _("Responsable d'espace")
    MEDIATOR = "mediator", _("Médiateur·rice numérique")
    VOLUNTEER = "volunteer", _("Bénévole")
    REFERRER = "referrer", _("Prescripteur·rice (structure partenaire)")
    OBSERVER = "observer", _("Financeur / acteur public")


# From the least to the most powerful: forms that grant a role offer them in this order and preselect the
# least powerful one, so a hurried click never makes someone national team. A volunteer sees attendance at one
# site; an observer sees only figures, but for the whole network it is granted.
ROLES_BY_POWER = (
    Role.VOLUNTEER,
    Role.OBSERVER,
    Role.REFERRER,
    Role.MEDIATOR,
    Role.SITE_MANAGER,
    Role.NETWORK_ADMIN,
)

# A membership of these roles is held at a site.
SITE_ROLES = frozenset({Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER})
# Staff who may see the personal records of the people their site follows.
SITE_CASEWORK_ROLES = frozenset({Role.SITE_MANAGER, Role.MEDIATOR})
# A membership of this role is held at a partner organisation.
PARTNER_ROLES = frozenset({Role.REFERRER})
# Roles whose scope is the whole network (an observer may also be narrowed to sites, a partner or programmes:
# the one rule of core/observer_scope.py).
NETWORK_ROLES = frozenset({Role.NETWORK_ADMIN, Role.OBSERVER})
