"""Referral operations. Each write is one transaction that logs access and mails after commit."""

from .create import create_referral
from .lifecycle import (
    accept_referral,
    decline_referral,
    expire_referrals,
    record_contact_attempt,
    transfer_referral,
)
from .notify import referrer_email_for, send_reminders
from .reading import find_by_code, view_referral

__all__ = [
    "accept_referral",
    "create_referral",
    "decline_referral",
    "expire_referrals",
    "find_by_code",
    "record_contact_attempt",
    "referrer_email_for",
    "send_reminders",
    "transfer_referral",
    "view_referral",
]
