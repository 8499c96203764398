"""Reads that count as access to a person's data: they write the access log."""

from tremplin.core.models import AccessLog, log_access

from .. import voucher
from ..models import Referral


def view_referral(actor, referral, *, action=AccessLog.Action.VIEW, reason=""):
    """Record that `actor` saw (or printed) this referral, which holds personal data."""
    log_access(actor, referral, action, reason=reason)
    return referral


def find_by_code(actor, code):
    """The referral with this voucher code among those `actor` may see, or None."""
    if not voucher.is_well_formed(code):
        return None
    return Referral.objects.visible_to(actor).with_voucher_code(code).first()
