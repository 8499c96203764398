"""Figures and short lists on the staff home pages, contributed by each room.

Core cannot import the rooms above it, so each room registers providers from its AppConfig.ready():
- `register(provider)`, `provider(user, role) -> iterable of HomeCount`: counts only ("3 orientations à
  traiter"), never personal data, one or two COUNT queries each;
- `register_list(provider)`, `provider(user, role) -> iterable of HomeList`: what the day starts from
  ("mes séances aujourd'hui et cette semaine", "mes orientations ouvertes"), a few rows each, in one or two
  queries, and only for roles that may see those rows on the room's own list page.
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


@dataclass(frozen=True)
class HomeListItem:
    label: str
    url: str = ""
    when: str = ""  # the day or time the row is about, shown first
    detail: str = ""
    badges: tuple = ()  # short labels ("vous animez", "en attente depuis 12 jours")
    warning: bool = False


@dataclass(frozen=True)
class HomeList:
    key: str  # a stable id for the section's heading (anchors, tests)
    title: str
    items: list
    empty: str
    url: str = ""
    link_label: str = ""
    more: int = 0  # rows not shown (the full list is at `url`)
    order: int = 50  # lower first: the day's sessions come before the referrals to handle


_LIST_PROVIDERS = []


def register_list(provider):
    if provider not in _LIST_PROVIDERS:
        _LIST_PROVIDERS.append(provider)


def lists_for(user, role):
    lists = []
    for provider in _LIST_PROVIDERS:
        lists.extend(provider(user, role))
    return sorted(lists, key=lambda home_list: home_list.order)
