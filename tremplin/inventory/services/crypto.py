"""Field encryption for recharge codes: Fernet with the key of settings.TREMPLIN_FIELD_KEY.

The settings refuse to start in production without a real key and give development and tests a fixed,
public one, so this module never has to choose a key itself.
"""

import hashlib
import hmac

from cryptography.fernet import Fernet
from django.conf import settings


def field_key():
    return settings.TREMPLIN_FIELD_KEY


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
