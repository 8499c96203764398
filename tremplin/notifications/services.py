"""Queueing and sending messages to the people a site accompanies.

Other rooms call `queue_message()` (usually inside their own transaction) and
`cancel_queued_messages()`; the `send_due_messages` command calls `send_due_messages()` every few
minutes. Rules: a dedupe key is sent at most once; nothing is sent after `not_after`; a provider
error leaves the message queued for a later try, until MAX_ATTEMPTS.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.models import AccessLog, log_access
from tremplin.core.phones import can_receive_sms
from tremplin.core.sms_text import to_gsm7
from tremplin.people.models import ContactChannel

from .models import Channel, Kind, Message, Status
from .relays import referrer_email_for
from .sms.base import SmsError, get_backend
from .sms.segments import count_segments

logger = logging.getLogger("tremplin.notifications")

MAX_ATTEMPTS = 5
# Delay before try n+1 after n failed tries.
BACKOFF = [timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1), timedelta(hours=3)]
# A message left "sending" this long was interrupted mid-send: we cannot know whether it left, and
# sending it again could double it, so it is marked failed for a human to look at.
STALE_CLAIM = timedelta(minutes=15)


# Other rooms may forbid contacting a person (ops: consent withdrawn): `fn(beneficiary) -> True` to refuse.
_CONTACT_REFUSALS = []


def register_contact_refusal(fn):
    if fn not in _CONTACT_REFUSALS:
        _CONTACT_REFUSALS.append(fn)


def refuses_contact(beneficiary):
    return bool(beneficiary.anonymised_at) or any(fn(beneficiary) for fn in _CONTACT_REFUSALS)


def choose_channel(beneficiary):
    """The person's preferred channel when it can be used, else the staff's "to call" list.

    SMS needs a number that can receive one: a landline (or a VoIP, 08… number) goes to the call list.
    """
    preferred = beneficiary.preferred_channel
    if preferred == ContactChannel.SMS and beneficiary.phone and can_receive_sms(beneficiary.phone):
        return Channel.SMS
    if preferred == ContactChannel.EMAIL and beneficiary.email:
        return Channel.EMAIL
    if preferred == ContactChannel.REFERRER and referrer_email_for(beneficiary):
        return Channel.REFERRER
    return Channel.PHONE


def call_reason(message):
    """Why staff phone about `message`, following the channel the person asked for (no query: the recipient
    is already read): they chose a call, or the channel they asked for cannot carry it, or it failed."""
    recipient = message.recipient
    asked = recipient.preferred_channel
    if message.status == Status.FAILED:
        return _("%(channel)s en échec") % {"channel": message.get_channel_display()}
    if asked == ContactChannel.PHONE:
        return _("A choisi d'être appelé·e")
    if asked == ContactChannel.SMS:
        if not recipient.phone:
            return _("A demandé les SMS, mais la fiche n'a pas de numéro")
        if not can_receive_sms(recipient.phone):
            return _("A demandé les SMS, mais son numéro ne les reçoit pas (fixe)")
    if asked == ContactChannel.EMAIL and not recipient.email:
        return _("A demandé l'e-mail, mais la fiche n'a pas d'adresse")
    if asked == ContactChannel.REFERRER:
        return _("Par le prescripteur, qui n'a pas d'adresse e-mail connue")
    return _("A demandé : %(channel)s") % {"channel": recipient.get_preferred_channel_display()}


def follow_preferred_channel(beneficiary):
    """Queued messages follow the channel the person asks for now: someone who asked for SMS stays on the
    staff's call list only while their number cannot take an SMS, and someone who now asks for a call moves
    there. Called when a record is saved (receivers.py). Returns the number of messages moved."""
    if beneficiary.pk is None or refuses_contact(beneficiary):
        return 0
    channel = choose_channel(beneficiary)
    moved = 0
    for message in Message.objects.filter(recipient=beneficiary, status=Status.QUEUED).exclude(channel=channel):
        text = message.sms_body or to_gsm7(message.body)
        encoding, segments = count_segments(text) if channel == Channel.SMS else ("", 0)
        moved += Message.objects.filter(pk=message.pk, status=Status.QUEUED).update(
            channel=channel, encoding=encoding, segments=segments, last_error=""
        )
    return moved


# Spellings other rooms may use for the same kind (British "enrolment" is the stored one).
KIND_ALIASES = {"enrollment_confirmation": Kind.ENROLMENT_CONFIRMATION}


def normalise_kind(kind):
    kind = KIND_ALIASES.get(kind, kind)
    return kind if kind in Kind.values else Kind.OTHER


def _current_record(beneficiary):
    while beneficiary.merged_into_id:
        beneficiary = beneficiary.merged_into
    return beneficiary


def queue_message(
    recipient,
    *,
    kind,
    subject,
    body,
    sms_body,
    due_at,
    not_after=None,
    dedupe_key,
    action_url="",
    site=None,
):
    """Queue one message for `recipient` (a people.Beneficiary) on their preferred channel.

    Returns the Message, or None when nothing can be sent (anonymised person, or `not_after` passed or
    not after `due_at`). An unknown `kind` is stored as "other".
    The same `dedupe_key` always gives the same message, so it is never sent twice; queueing again a
    key whose message was cancelled before being sent puts it back in the queue with the new content.
    `subject` must not carry personal data (it travels in clear); `sms_body` should fit 160 GSM-7
    characters (see sms/segments.py); it is stored and sent in the GSM-7 alphabet (core/sms_text.py).
    """
    if not dedupe_key or len(dedupe_key) > 200:
        raise ValueError("dedupe_key is required and holds at most 200 characters")
    recipient = _current_record(recipient)
    now = timezone.now()
    if refuses_contact(recipient) or (not_after is not None and not_after <= max(now, due_at)):
        return None
    channel = choose_channel(recipient)
    # What is really sent: the SMS text in the GSM-7 alphabet (€ kept, œ → oe, emoji dropped).
    sms_body = to_gsm7(sms_body) if sms_body else ""
    encoding, segments = count_segments(sms_body or to_gsm7(body)) if channel == Channel.SMS else ("", 0)
    fields = {
        "recipient": recipient,
        "site": site,
        "channel": channel,
        "kind": normalise_kind(kind),
        "subject": subject[:150],
        "body": body,
        "sms_body": sms_body,
        "action_url": action_url,
        "due_at": due_at,
        "not_after": not_after,
        "encoding": encoding,
        "segments": segments,
    }
    existing = Message.objects.filter(dedupe_key=dedupe_key).first()
    if existing is None:
        try:
            with transaction.atomic():
                return Message.objects.create(dedupe_key=dedupe_key, **fields)
        except IntegrityError:
            return Message.objects.get(dedupe_key=dedupe_key)
    if existing.status == Status.CANCELLED:
        revived = Message.objects.filter(pk=existing.pk, status=Status.CANCELLED).update(
            status=Status.QUEUED, attempts=0, retry_at=None, last_error="", **fields
        )
        if revived:
            logger.info("message %s queued again", existing.pk)
        existing.refresh_from_db()
    return existing


def cancel_queued_messages(dedupe_prefix):
    """Cancel the messages not yet sent whose dedupe key starts with `dedupe_prefix`; returns how many."""
    if not dedupe_prefix:
        raise ValueError("a non-empty prefix is required")
    count = Message.objects.filter(dedupe_key__startswith=dedupe_prefix, status=Status.QUEUED).update(
        status=Status.CANCELLED, retry_at=None
    )
    if count:
        logger.info("%s queued message(s) cancelled", count)
    return count


def forget_recipient(beneficiary):
    """Anonymisation: withdraw what was not sent and erase the texts; keep kinds, dates and counts."""
    messages = Message.objects.filter(recipient=beneficiary)
    cancelled = messages.filter(status=Status.QUEUED).update(status=Status.CANCELLED, retry_at=None)
    messages.update(body="", sms_body="", action_url="")
    logger.info("texts of %s message(s) erased after anonymisation (%s cancelled)", messages.count(), cancelled)


# --- sending -------------------------------------------------------------------------------------


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    expired: int = 0
    to_call: int = 0
    interrupted: int = 0


class MissingAddress(Exception):
    """The person's number or address (or their referrer's) is gone since the message was queued."""

    code = "no_address"


class NotMobile(MissingAddress):
    """The person's number cannot receive an SMS (a landline typed since the message was queued)."""

    code = "not_mobile"


def _address(message):
    recipient = message.recipient
    if message.channel == Channel.SMS:
        address = str(recipient.phone) if recipient.phone else ""
        if address and not can_receive_sms(address):
            raise NotMobile
    elif message.channel == Channel.EMAIL:
        address = recipient.email
    else:
        address = referrer_email_for(recipient) or ""
    if not address:
        raise MissingAddress
    return address


def _email_body(message):
    body = message.body
    if message.action_url and message.action_url not in body:
        body = f"{body}\n\n{message.action_url}"
    if message.channel == Channel.REFERRER:
        intro = _(
            "Bonjour,\n\n{name} a choisi de recevoir les messages de son espace de solidarité numérique "
            "par votre intermédiaire. Pouvez-vous lui transmettre le message suivant ?\n\n"
        ).format(name=str(message.recipient))
        body = intro + body
    return body


def _deliver(message, address):
    """Hand the message to the provider; returns the provider's message id (may be empty)."""
    if message.channel == Channel.SMS:
        return get_backend().send(address, to_gsm7(message.sms_body or message.body))
    email = EmailMessage(
        subject=f"{getattr(settings, 'TREMPLIN_EMAIL_SUBJECT_PREFIX', '[Tremplin] ')}{message.subject}",
        body=_email_body(message),
        to=[address],
    )
    email.send(fail_silently=False)
    status = getattr(email, "anymail_status", None)
    return str(getattr(status, "message_id", "") or "")


def _claim(message_id, now):
    """Take the message for this run only: the conditional update succeeds for exactly one runner."""
    return (
        Message.objects.filter(pk=message_id, status=Status.QUEUED)
        .filter(Q(not_after__isnull=True) | Q(not_after__gt=now))
        .update(status=Status.SENDING, claimed_at=now)
        == 1
    )


def _send_one(message, report):
    if refuses_contact(message.recipient):
        Message.objects.filter(pk=message.pk).update(status=Status.CANCELLED, claimed_at=None)
        return
    try:
        address = _address(message)
    except MissingAddress as missing:
        Message.objects.filter(pk=message.pk).update(
            status=Status.QUEUED, channel=Channel.PHONE, last_error=missing.code, claimed_at=None
        )
        logger.warning("message %s cannot be sent (%s): moved to the call list", message.pk, missing.code)
        report.to_call += 1
        return
    try:
        provider_id = _deliver(message, address)
    except (SmsError, smtplib.SMTPException, OSError) as error:
        _record_failure(message, error, report)
        return
    Message.objects.filter(pk=message.pk).update(
        status=Status.SENT,
        sent_at=timezone.now(),
        attempts=message.attempts + 1,
        provider_message_id=provider_id[:100],
        retry_at=None,
        last_error="",
    )
    report.sent += 1
    logger.info("message %s sent (%s)", message.pk, message.channel)


def _record_failure(message, error, report):
    code = error.code if isinstance(error, SmsError) else type(error).__name__
    retriable = getattr(error, "retriable", True)
    attempts = message.attempts + 1
    if retriable and attempts < MAX_ATTEMPTS:
        delay = BACKOFF[min(attempts - 1, len(BACKOFF) - 1)]
        Message.objects.filter(pk=message.pk).update(
            status=Status.QUEUED, attempts=attempts, last_error=code[:200], retry_at=timezone.now() + delay
        )
        report.retried += 1
        logger.warning("message %s: provider error %s, try %s, next in %s", message.pk, code, attempts, delay)
    else:
        Message.objects.filter(pk=message.pk).update(status=Status.FAILED, attempts=attempts, last_error=code[:200])
        report.failed += 1
        logger.error("message %s failed after %s tries: %s", message.pk, attempts, code)


def send_due_messages(limit=500):
    """Send what is due now. Safe to run every few minutes and from two places at once."""
    report = SendReport()
    now = timezone.now()
    report.interrupted = Message.objects.filter(status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        status=Status.FAILED, last_error="interrupted"
    )
    report.expired = Message.objects.filter(status=Status.QUEUED, not_after__lte=now).update(
        status=Status.EXPIRED, retry_at=None
    )
    due_ids = list(
        Message.objects.due(now)
        .exclude(channel=Channel.PHONE)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for message_id in due_ids:
        if not _claim(message_id, timezone.now()):
            continue
        message = Message.objects.select_related("recipient").get(pk=message_id)
        _send_one(message, report)
    return report


# --- staff actions and statistics -----------------------------------------------------------------


@transaction.atomic
def mark_called(actor, message):
    """Staff passed the message on by telephone (a phone-channel message, or one that failed): sent, once."""
    # The channel becomes "phone" so that a failed SMS passed on by telephone is not counted as an SMS.
    done = (
        Message.objects.filter(pk=message.pk)
        .to_call()
        .update(
            status=Status.SENT,
            channel=Channel.PHONE,
            sent_at=timezone.now(),
            handled_by=actor,
            attempts=message.attempts + 1,
        )
    )
    if done:
        log_access(actor, message.recipient, AccessLog.Action.UPDATE, reason="message transmis par téléphone")
    return bool(done)


def monthly_sms_stats(site_ids=None):
    """SMS sent and segments per site and month, most recent first. `site_ids=None` means every site."""
    messages = Message.objects.sms_sent()
    if site_ids is not None:
        messages = messages.filter(site_id__in=site_ids)
    return list(
        messages.annotate(month=TruncMonth("sent_at"))
        .values("month", "site_id", "site__name")
        .annotate(sms=Count("pk"), segments=Sum("segments"))
        .order_by("-month", "site__name")
    )
