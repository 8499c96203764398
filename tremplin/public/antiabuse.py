"""Keeping robots out of "Être rappelé·e" without a third-party captcha.

- A honeypot field, hidden from people (and from screen readers): a robot fills it, a person does not.
- A minimum fill time: the form carries a signed timestamp; a form sent back faster than
  TREMPLIN_CALLBACK_MIN_SECONDS (or with a forged or very old stamp) is refused.
- Throttling in the cache (Redis in production): TREMPLIN_CALLBACK_LIMIT_PER_IP well-formed requests per hour
  from one address (30: a library's or a CCAS's Wi-Fi is one address for everyone there), and
  TREMPLIN_CALLBACK_LIMIT_PER_PHONE per day for one phone number (3: the strict limit, one person). Numbers and
  reasons: docs/guide-public.md. The cache keys are keyed hashes: neither the address nor the number is
  written anywhere.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

SALT = "tremplin.public.callback-form"
MAX_FORM_AGE_SECONDS = 4 * 3600
HOUR, DAY = 3600, 86400


def min_seconds():
    return getattr(settings, "TREMPLIN_CALLBACK_MIN_SECONDS", 3)


def form_stamp(now=None):
    return signing.dumps(int(now if now is not None else time.time()), salt=SALT)


def stamp_problem(stamp, now=None):
    """None when the stamp is genuine and old enough; else "too_fast", "expired" or "forged"."""
    now = now if now is not None else time.time()
    try:
        issued = int(signing.loads(stamp or "", salt=SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return "forged"
    if now - issued < min_seconds():
        return "too_fast"
    if now - issued > MAX_FORM_AGE_SECONDS:
        return "expired"
    return None


def client_address(request):
    """The visitor's address, behind TREMPLIN_TRUSTED_PROXY_COUNT proxies (the same setting as the login limits)."""
    proxies = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _key(kind, value):
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"public-callback:{kind}:{digest}"


def _over(kind, value, limit, period):
    """Count one more attempt; True when this one goes over the limit."""
    key = _key(kind, value)
    if cache.add(key, 1, timeout=period):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=period)
        count = 1
    return count > limit


def address_over_limit(address):
    return _over("ip", address, getattr(settings, "TREMPLIN_CALLBACK_LIMIT_PER_IP", 30), HOUR)


def phone_over_limit(phone):
    return _over("phone", phone, getattr(settings, "TREMPLIN_CALLBACK_LIMIT_PER_PHONE", 3), DAY)
