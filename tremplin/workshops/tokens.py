"""Signed links that let a person confirm or cancel an enrolment without an account.

The token signs only the enrolment's opaque UUID (no personal data). It expires when the session
starts (checked against the session's current start, so a moved session keeps working links) and in
any case after MAX_AGE, so a leaked old link cannot be replayed for ever.
"""

import base64
import uuid
from datetime import timedelta

from django.core import signing
from django.urls import reverse

from tremplin.core.links import absolute_url

SALT = "tremplin.workshops.respond"
MAX_AGE = timedelta(days=120)


class InvalidToken(Exception):
    """The link was altered, is too old, or names no enrolment."""


class _ShortSigner(signing.TimestampSigner):
    """TimestampSigner with the HMAC-SHA256 cut to 96 bits, so the link fits in an SMS.

    96 bits cannot be guessed through a web form; the full-length signature would push every SMS
    into a second segment.
    """

    SIGNATURE_LENGTH = 16

    def signature(self, value, key=None):
        return super().signature(value, key)[: self.SIGNATURE_LENGTH]


def _signer():
    return _ShortSigner(salt=SALT)


def make_token(enrollment):
    # 22 characters of base64 instead of 36 for the UUID keeps the SMS short.
    compact = base64.urlsafe_b64encode(enrollment.pk.bytes).decode().rstrip("=")
    return _signer().sign(compact)


def read_token(token):
    """The enrolment UUID a token names, or InvalidToken."""
    try:
        compact = _signer().unsign(token, max_age=MAX_AGE)
        return uuid.UUID(bytes=base64.urlsafe_b64decode(compact + "=="))
    except (signing.BadSignature, ValueError) as error:
        raise InvalidToken from error


def respond_url(enrollment):
    return absolute_url(reverse("workshops:respond", args=[make_token(enrollment)]))
