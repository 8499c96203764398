"""The navigation menu: each entry names the roles that may use it, so menus never show a dead end."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from tremplin.core.roles import Role

ALL_STAFF = (Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER)


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    roles: tuple

    @property
    def url(self):
        # The menu is on every page (≈ 40 entries for a national admin): reversed once per address scheme.
        key = (self.url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
        url = _URLS.get(key)
        if url is None:
            url = _URLS[key] = reverse(self.url_name)
        return url


# Reversed menu addresses, per (url name, script prefix, URLconf): none takes an argument or a language.
_URLS = {}


# Other rooms append their entries here from their AppConfig.ready() (see register()).
ENTRIES = [
    NavEntry(_("Accueil"), "core:home", tuple(Role)),
    NavEntry(_("Espaces"), "network:site_list", (*ALL_STAFF, Role.OBSERVER)),
    NavEntry(_("Partenaires"), "network:partner_list", ALL_STAFF),
    NavEntry(_("Comptes"), "accounts:user_list", (Role.NETWORK_ADMIN, Role.SITE_MANAGER)),
]


def register(entry, before=None):
    """Add a navigation entry (idempotent); `before` names the url_name it should precede."""
    if any(existing.url_name == entry.url_name for existing in ENTRIES):
        return
    if before:
        for index, existing in enumerate(ENTRIES):
            if existing.url_name == before:
                ENTRIES.insert(index, entry)
                return
    ENTRIES.append(entry)


def entries_for(user):
    if not user.is_authenticated:
        return []
    return [entry for entry in ENTRIES if user.has_role(*entry.roles)]
