"""Relays: who receives a message for a person who chose "through my referrer".

A higher app (referrals) registers a function `fn(beneficiary) -> e-mail address | None`; the first
relay that answers wins. Notifications never imports referrals: the dependency points upward only.
"""

_RELAYS = []


def register_relay(fn):
    """Register `fn(beneficiary) -> email | None` (idempotent). Usable as a decorator."""
    if fn not in _RELAYS:
        _RELAYS.append(fn)
    return fn


def unregister_relay(fn):
    if fn in _RELAYS:
        _RELAYS.remove(fn)


def referrer_email_for(beneficiary):
    for relay in list(_RELAYS):
        email = relay(beneficiary)
        if email:
            return email
    return None
