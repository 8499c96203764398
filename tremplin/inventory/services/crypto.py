"""Field encryption for recharge codes: Fernet with a key from the environment (TREMPLIN_FIELD_KEY).

In development and tests, when the key is unset, a fixed development key is derived so the demo works;
production refuses to run without a real key.
"""

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_KEY = base64.urlsafe_b64encode(hashlib.sha256(b"tremplin-development-field-key").digest()).decode()


def field_key():
    key = getattr(settings, "TREMPLIN_FIELD_KEY", "") or ""
    if not key:
        if getattr(settings, "PRODUCTION", False):
            raise ImproperlyConfigured("TREMPLIN_FIELD_KEY must be set in production.")
        key = DEVELOPMENT_KEY
    return key


def _fernet():
    return Fernet(field_key().encode())


def encrypt(text):
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token):
    return _fernet().decrypt(token.encode()).decode()


def digest(text):
    """A keyed hash (HMAC-SHA256) that detects duplicates without storing or decrypting the code."""
    mac_key = hashlib.sha256(b"recharge-code-digest:" + field_key().encode()).digest()
    return hmac.new(mac_key, text.encode(), hashlib.sha256).hexdigest()
