"""What an observer (financeur / acteur public) may see figures of: one rule for every room (docs/roles.md).

An observer's access comes from two kinds of grant:

- **memberships** (accounts room): an observer role held network-wide (neither site nor partner), at a
  site, or at a partner organisation;
- **extra grants** registered by higher rooms through `register_grant_provider()` — today the statistics
  room's programme grants (`tremplin/stats/programmes.py`, `ProgrammeGrant`): each gives the sites of the
  programme. Core cannot import the statistics room, hence the hook.

The rule (`observer_scope(user)`):

1. Sites = the sites named by site memberships ∪ the sites of every granted programme.
   Partners = the partners named by partner memberships.
2. A network-wide membership gives the whole network **only when the account holds no extra grant**:
   a programme grant narrows it (a programme-only funder is a network-wide observer membership plus
   grants, since memberships cannot name a programme). Once narrowed, the account never sees the network.
3. Sites and partners together: both restrictions apply (the partner's referrals at those sites) — the
   reading that never shows more than was granted.
4. Figures that do not belong to a partner (stock, sites, sessions) follow the sites only: a partner-only
   observer has no site, so those pages show nothing in scope (`site_ids_for_figures`).

Counts shown to an observer always follow the small-count rule (`tremplin/core/smallcounts.py`).
Every room reads this module instead of the user's memberships: stats.scope.scope_for(), the stock
dashboard, the site directory and the observer's home page.
"""

from dataclasses import dataclass

from tremplin.core.roles import Role

_GRANT_PROVIDERS = []


@dataclass(frozen=True)
class Grant:
    """An extra grant (a programme): `kind` and `key` identify it; `site_ids` are the sites it gives."""

    kind: str
    key: int
    label: str
    site_ids: frozenset


def register_grant_provider(provider):
    """`provider(user) -> iterable of Grant`, called from a higher room's AppConfig.ready()."""
    if provider not in _GRANT_PROVIDERS:
        _GRANT_PROVIDERS.append(provider)


@dataclass(frozen=True)
class ObserverScope:
    # None: the whole network; otherwise the sites covered (may be empty).
    site_ids: frozenset | None
    # None: no partner restriction; otherwise only what those partners referred.
    partner_ids: frozenset | None
    # Site memberships' sites (without the programmes'), for labels.
    membership_site_ids: frozenset = frozenset()
    grants: tuple = ()

    @property
    def is_network(self):
        return self.site_ids is None and self.partner_ids is None

    @property
    def from_grants_only(self):
        """True when the sites come only from extra grants (a programme-only funder)."""
        return bool(self.grants) and not self.membership_site_ids and self.partner_ids is None

    @property
    def site_ids_for_figures(self):
        """Sites whose per-site figures (stock, sessions…) the observer sees: None = all of them.

        A partner restriction cannot apply to figures that are not about referred people, so a partner-only
        observer gets no site here (never the network)."""
        if self.site_ids is None and self.partner_ids is not None:
            return frozenset()
        return self.site_ids

    def allows_site(self, site_id):
        sites = self.site_ids_for_figures
        return sites is None or site_id in sites


def _compute(user):
    memberships = [m for m in user.active_memberships if m.role == Role.OBSERVER]
    if not memberships:
        return None
    grants = tuple(grant for provider in _GRANT_PROVIDERS for grant in provider(user))
    site_members = frozenset(m.site_id for m in memberships if m.site_id)
    partners = frozenset(m.partner_id for m in memberships if m.partner_id)
    network_wide = any(m.site_id is None and m.partner_id is None for m in memberships)
    if network_wide and not grants:
        return ObserverScope(None, None, site_members, grants)
    sites = site_members.union(*(grant.site_ids for grant in grants))
    if not sites and partners:
        return ObserverScope(None, partners, site_members, grants)
    return ObserverScope(sites, partners or None, site_members, grants)


def observer_scope(user):
    """The user's observer scope (rule in the module docstring), or None when they hold no observer role.

    Cached on the user object for the request, like its memberships."""
    if not user.is_authenticated:
        return None
    cache = user.__dict__
    if "_observer_scope" not in cache:
        cache["_observer_scope"] = _compute(user)
    return cache["_observer_scope"]
