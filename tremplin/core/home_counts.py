"""Figures on the staff home pages ("3 orientations à traiter"), contributed by each room.

Core cannot import the rooms above it, so each room registers a provider from its AppConfig.ready():
`provider(user, role) -> iterable of HomeCount`. Providers return counts only, never personal data,
and run one or two COUNT queries each.
"""

from dataclasses import dataclass

_PROVIDERS = []


@dataclass(frozen=True)
class HomeCount:
    label: str
    value: int
    url: str = ""
    warning: bool = False


def register(provider):
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def counts_for(user, role):
    counts = []
    for provider in _PROVIDERS:
        counts.extend(provider(user, role))
    return counts
