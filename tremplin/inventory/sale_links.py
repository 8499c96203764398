"""Links a higher room (the till) adds to an after-sales ticket, such as the receipt that sold the device.

The till registers `fn(ticket, user) -> iterable of (label, url)` from its AppConfig.ready(); the
inventory room never imports the till.
"""

_providers = []


def register(fn):
    """Add a provider (idempotent). Usable as a decorator."""
    if fn not in _providers:
        _providers.append(fn)
    return fn


def links_for(ticket, user):
    return [link for fn in _providers for link in (fn(ticket, user) or ())]
