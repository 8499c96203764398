"""E-mails of the referral room. Subjects carry a voucher code or a count, never a name."""

import logging
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tremplin.accounts.models import Membership
from tremplin.core.links import absolute_url
from tremplin.core.roles import Role

from ..choices import DeclineReason, Status
from ..models import Referral, ReminderDigest, waiting_warning_days

logger = logging.getLogger(__name__)
_muted = ContextVar("referral_mails_muted", default=False)


@contextmanager
def muted():
    """No status e-mail is scheduled inside this block (used by the demo loader)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def notify_referrer_on_commit(referral_id, status):
    if not _muted.get():
        transaction.on_commit(partial(notify_referrer, referral_id, status))


def absolute(url):
    return absolute_url(url)


def _send(subject, body, recipients, log_id):
    """Hand the e-mail to the background worker (ops.jobs): never sent inside the request."""
    from tremplin.ops.jobs import send_email_later

    send_email_later(EmailMessage(subject, body, None, recipients))
    logger.info("referral mail queued for %s", log_id)


def notify_referrer(referral_id, status):
    """Tell the referrer their referral changed status (called after commit)."""
    referral = Referral.objects.select_related("referrer", "target_site").get(pk=referral_id)
    referrer = referral.referrer
    if not referrer.is_active or not referrer.email:
        return
    # Sent after the staff member's request: in the network's language, not in the language that staff member chose.
    with translation.override(settings.LANGUAGE_CODE):
        status_label = str(Status(status).label)
        subject = _("Orientation %(code)s : %(status)s") % {
            "code": referral.display_code,
            "status": status_label.lower(),
        }
        body = render_to_string(
            "referrals/email/status_changed.txt",
            {
                "referral": referral,
                "status_label": status_label,
                "decline_label": DeclineReason(referral.decline_reason).label if referral.decline_reason else "",
                "link": absolute(reverse("referrals:detail", args=[referral.pk])),
                "is_transfer": status == Status.TRANSFERRED,
            },
        )
    _send(subject, body, [referrer.email], f"referral {referral.pk}")


def referrer_email_for(beneficiary):
    """The e-mail of the referrer of this person's latest accepted referral (for "through my referrer")."""
    referral = (
        Referral.objects.filter(beneficiary=beneficiary, status=Status.ACCEPTED, referrer__is_active=True)
        .select_related("referrer")
        .order_by("-status_changed_at")
        .first()
    )
    return referral.referrer.email if referral else None


def send_reminders(now=None):
    """Send each site manager a digest of referrals waiting too long, at most once per site and day.

    Returns the number of sites reminded. The (site, day) row is claimed before sending, so running
    the command twice the same day (or on two servers) sends one digest.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    waiting = defaultdict(list)
    for referral in Referral.objects.waiting_too_long(now).select_related("target_site").order_by("received_at"):
        waiting[referral.target_site].append(referral)
    sent = 0
    for site, referrals in waiting.items():
        managers = list(
            Membership.objects.active()
            .filter(site=site, role=Role.SITE_MANAGER, user__is_active=True)
            .values_list("user__email", flat=True)
        )
        try:
            with transaction.atomic():
                ReminderDigest.objects.create(site=site, day=today, referral_count=len(referrals))
                if managers:
                    subject = _("Orientations en attente depuis plus de %(days)s jours : %(count)s") % {
                        "days": waiting_warning_days(),
                        "count": len(referrals),
                    }
                    body = render_to_string(
                        "referrals/email/reminder_digest.txt",
                        {
                            "site": site,
                            "referrals": referrals,
                            "days": waiting_warning_days(),
                            "link": absolute(reverse("referrals:inbox")),
                            "now": now,
                        },
                    )
                    transaction.on_commit(
                        lambda subject=subject, body=body, managers=managers, site=site: _send(
                            subject, body, managers, f"site {site.pk}"
                        )
                    )
        except IntegrityError:
            continue  # already reminded today
        sent += 1
    return sent
