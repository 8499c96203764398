"""What part of the network a user's figures cover.

A `StatsScope` is the only thing figure functions need to know about who is asking: which sites (None =
the whole network), which partner organisations (None = no partner restriction), and a label for the page
and for exports. `scope_for(user)` derives it from the user's active memberships; a programme (added later)
resolves to a scope by its sites with `StatsScope.for_sites(...)`.
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

    Network admin: the network. Site manager: their sites. Observer: the network when their membership names
    neither site nor partner, else the site(s) and/or partner(s) it names (all observer memberships are
    unioned). An observer's figures apply the small-count rule; staff see exact counts.
    """
    from tremplin.network.models import PartnerOrganisation, Site

    if not user.is_authenticated:
        raise Http404
    if user.is_network_admin:
        return StatsScope.network()
    managed = user.site_ids(Role.SITE_MANAGER)
    if managed:
        return StatsScope.for_sites(managed, label=_names(Site, managed), origin="sites")
    observer = [m for m in user.active_memberships if m.role == Role.OBSERVER]
    if not observer:
        raise Http404
    # Programmes granted to the observer (programmes.ProgrammeGrant): their sites join the scope; an observer
    # whose role names neither site nor partner but who was granted programmes sees those programmes only.
    from .programmes import granted_programmes

    programmes = granted_programmes(user)
    if not programmes and any(m.site_id is None and m.partner_id is None for m in observer):
        return StatsScope.network(mask_small_counts=True)
    site_ids = {m.site_id for m in observer if m.site_id}
    if programmes:
        site_ids |= {site_id for _pk, _name, sites in programmes for site_id in sites}
        if not {m.site_id for m in observer if m.site_id} and not {m.partner_id for m in observer if m.partner_id}:
            label = ", ".join(fill(_("Programme « %(name)s »"), name=name) for _pk, name, _sites in programmes)
            origin = f"programme:{programmes[0][0]}" if len(programmes) == 1 else "programmes"
            return StatsScope.for_sites(site_ids, label=label, mask_small_counts=True, origin=origin)
    partner_ids = {m.partner_id for m in observer if m.partner_id}
    if site_ids and not partner_ids:
        return StatsScope.for_sites(site_ids, label=_names(Site, site_ids), mask_small_counts=True)
    if partner_ids and not site_ids:
        return StatsScope.for_partners(partner_ids, label=_names(PartnerOrganisation, partner_ids))
    # Both kinds of grant: both restrictions apply (the reading that never shows more than was granted).
    label = _("%(sites)s ; %(partners)s") % {
        "sites": _names(Site, site_ids),
        "partners": _names(PartnerOrganisation, partner_ids),
    }
    return StatsScope(frozenset(site_ids), frozenset(partner_ids), label, True, "mixed")
