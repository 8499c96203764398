"""Referral operations. Each write is one transaction that logs access and mails after commit."""

from .callbacks import (
    create_callback_request,
    delete_old_callback_requests,
    mark_called,
    record_callback_outcome,
    record_prefill,
    view_callback_request,
)
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
    "create_callback_request",
    "create_referral",
    "decline_referral",
    "delete_old_callback_requests",
    "expire_referrals",
    "find_by_code",
    "mark_called",
    "record_callback_outcome",
    "record_contact_attempt",
    "record_prefill",
    "referrer_email_for",
    "send_reminders",
    "transfer_referral",
    "view_callback_request",
    "view_referral",
]
