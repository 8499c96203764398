"""What part of the network a user's figures cover.

A `StatsScope` is the only thing figure functions need to know about who is asking: which sites (None =
the whole network), which partner organisations (None = no partner restriction), and a label for the page
and for exports. `scope_for(user)` derives it from the user's active memberships (for observers, through the
one rule of tremplin/core/observer_scope.py, programme grants included); a programme resolves to a scope by
its sites with `StatsScope.for_sites(...)`.
"""

from dataclasses import dataclass, field

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.core.roles import Role
from tremplin.core.text import fill


@dataclass(frozen=True)
class StatsScope:
    # None: every site of the network; otherwise the ids of the sites covered (may be empty: nothing).
    site_ids: frozenset | None = None
    # None: no partner restriction; otherwise only what those partner organisations referred / paid.
    partner_ids: frozenset | None = None
    label: str = ""
    # Observers and shared reports see counts under SMALL_COUNT_THRESHOLD as "< 5" (smallcounts.py).
    mask_small_counts: bool = False
    # Free-form origin ("network", "sites", "partner", "programme:<id>"), for exports and logs.
    origin: str = field(default="network", compare=False)

    @property
    def is_network(self):
        return self.site_ids is None and self.partner_ids is None

    @classmethod
    def network(cls, *, mask_small_counts=False, label=None):
        return cls(None, None, label or str(gettext_lazy("Tout le réseau")), mask_small_counts, "network")

    @classmethod
    def for_sites(cls, site_ids, *, label="", mask_small_counts=False, origin="sites"):
        return cls(frozenset(site_ids), None, label, mask_small_counts, origin)

    @classmethod
    def for_partners(cls, partner_ids, *, label="", mask_small_counts=True, origin="partner"):
        return cls(None, frozenset(partner_ids), label, mask_small_counts, origin)

    def narrowed_to_site(self, site_id):
        """The scope restricted to one site (a filter); an id outside the scope gives an empty scope."""
        sites = frozenset() if self.site_ids is not None and site_id not in self.site_ids else frozenset({site_id})
        return StatsScope(sites, self.partner_ids, self.label, self.mask_small_counts, self.origin)

    def allows_site(self, site_id):
        return self.site_ids is None or site_id in self.site_ids

    def with_masking(self, mask=True):
        return StatsScope(self.site_ids, self.partner_ids, self.label, mask, self.origin)


def _names(model, ids):
    return ", ".join(model.objects.filter(pk__in=ids).order_by("name").values_list("name", flat=True))


def scope_for(user):
    """The widest scope the user's memberships grant on statistics; 404 (Http404) when none.

    Network admin: the network. Site manager: their sites. Observer: the one rule of
    tremplin/core/observer_scope.py (memberships and programme grants; a programme grant narrows a
    network-wide observer membership to the programme's sites). An observer's figures apply the small-count
    rule; staff see exact counts.
    """
    from tremplin.core.observer_scope import observer_scope
    from tremplin.network.models import PartnerOrganisation, Site

    if not user.is_authenticated:
        raise Http404
    if user.is_network_admin:
        return StatsScope.network()
    managed = user.site_ids(Role.SITE_MANAGER)
    if managed:
        return StatsScope.for_sites(managed, label=_names(Site, managed), origin="sites")
    observed = observer_scope(user)
    if observed is None:
        raise Http404
    if observed.is_network:
        return StatsScope.network(mask_small_counts=True)
    if observed.from_grants_only:
        label = ", ".join(fill(_("Programme « %(name)s »"), name=grant.label) for grant in observed.grants)
        origin = f"programme:{observed.grants[0].key}" if len(observed.grants) == 1 else "programmes"
        return StatsScope.for_sites(observed.site_ids, label=label, mask_small_counts=True, origin=origin)
    site_ids, partner_ids = observed.site_ids, observed.partner_ids
    if partner_ids is None:
        return StatsScope.for_sites(site_ids, label=_names(Site, site_ids), mask_small_counts=True)
    if site_ids is None:
        return StatsScope.for_partners(partner_ids, label=_names(PartnerOrganisation, partner_ids))
    # Both kinds of grant: both restrictions apply (the reading that never shows more than was granted).
    label = _("%(sites)s ; %(partners)s") % {
        "sites": _names(Site, site_ids),
        "partners": _names(PartnerOrganisation, partner_ids),
    }
    return StatsScope(frozenset(site_ids), frozenset(partner_ids), label, True, "mixed")
