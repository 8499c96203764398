"""What other rooms offer on a person's page: action links and what is under way for the person.

People is a lower room: it never imports workshops, activities or inventory. Those rooms register,
from their AppConfig.ready():

- `register_action(fn)`: `fn(beneficiary, user) -> iterable of PersonAction` — links the user may follow
  for this person (each room checks the user's roles and sites itself);
- `register_current(fn)`: `fn(beneficiary, user) -> iterable of CurrentItem` — what is under way now
  (upcoming sessions, reserved devices), shown to site managers and mediators only. One query each.
"""

from dataclasses import dataclass

from .access import site_ids_of  # noqa: F401 — the rooms above read the person's sites from here

_actions = []
_current = []


@dataclass(frozen=True)
class PersonAction:
    label: str
    url: str
    order: int = 50


@dataclass(frozen=True)
class CurrentItem:
    kind: str  # short machine name, e.g. "workshop", "device"
    title: str
    detail: str = ""
    url: str = ""


def register_action(fn):
    """Add an action provider (idempotent). Usable as a decorator."""
    if fn not in _actions:
        _actions.append(fn)
    return fn


def register_current(fn):
    """Add a provider of current items (idempotent). Usable as a decorator."""
    if fn not in _current:
        _current.append(fn)
    return fn


def actions_for(beneficiary, user):
    if not beneficiary.is_active:
        return []
    found = [action for fn in _actions for action in (fn(beneficiary, user) or ())]
    return sorted(found, key=lambda action: action.order)


def current_for(beneficiary, user):
    return [item for fn in _current for item in (fn(beneficiary, user) or ())]
