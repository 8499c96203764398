"""Self-referrals from the public pages: a person asks a site to call them back ("Être rappelé·e").

They land in the site's referral inbox, above the partners' referrals. The public form (public room) checks
the anti-abuse rules before calling `create_callback_request`; the rules about the site are checked here.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.models import AccessLog, log_access
from tremplin.core.phones import national_format
from tremplin.core.text import normalise
from tremplin.people.models import ContactChannel, Origin

from ..choices import ContactOutcome
from ..models import CallbackRequest


def create_callback_request(site, *, first_name, phone, need, message=""):
    """Record a call-back request for `site`; refused when the site does not take self-referrals.

    The same person asking again while their request still waits (same first name, case and accents aside,
    same number, same site) does not add a second line to the inbox: the waiting request is brought up to
    date (the need and the précisions they sent last, precisions kept when the new form leaves them empty)
    and returned. Another first name on the same number (a family's shared phone) is another request.
    """
    if not site.is_active or not site.accepts_self_referrals:
        raise ValidationError(_("Cet espace ne prend pas de demandes de rappel. Appelez-le ou passez le voir."))
    first_name, message = first_name.strip(), message.strip()
    with transaction.atomic():
        waiting = (
            CallbackRequest.objects.select_for_update()
            .waiting()
            .filter(site=site, phone=phone)
            .order_by("-created_at", "pk")
        )
        same = next((request for request in waiting if normalise(request.first_name) == normalise(first_name)), None)
        if same is not None:
            same.need = need
            same.message = message or same.message
            same.save(update_fields=["need", "message"])
            log_access(None, same, AccessLog.Action.UPDATE, reason="self-referral sent again")
            return same
        callback = CallbackRequest.objects.create(
            site=site, first_name=first_name, phone=phone, need=need, message=message
        )
        log_access(None, callback, AccessLog.Action.CREATE, reason="self-referral")
    return callback


def view_callback_request(actor, callback):
    """Record that `actor` saw the request (it holds a phone number)."""
    log_access(actor, callback, AccessLog.Action.VIEW)
    return callback


# What staff may note after calling (the referrals' contact outcomes). The first three end the request
# (it leaves the waiting list); after « pas de réponse » or « message laissé » it waits for another call.
CALLBACK_OUTCOMES = (
    ContactOutcome.REACHED,
    ContactOutcome.APPOINTMENT,
    ContactOutcome.WRONG_NUMBER,
    ContactOutcome.MESSAGE_LEFT,
    ContactOutcome.NO_ANSWER,
)
HANDLING_OUTCOMES = (ContactOutcome.REACHED, ContactOutcome.APPOINTMENT, ContactOutcome.WRONG_NUMBER)
SOURCE_PREFIX = "callback:"


def record_callback_outcome(actor, callback, outcome):
    """Note the result of a call. Reached, appointment or wrong number: the request is handled (it leaves the
    waiting list, kept until its deletion date); no answer or message left: it stays waiting, with the try."""
    if outcome not in CALLBACK_OUTCOMES:
        raise ValidationError(_("Choisissez le résultat de l'appel."))
    with transaction.atomic():
        locked = CallbackRequest.objects.select_for_update().get(pk=callback.pk)
        now = timezone.now()
        locked.outcome = outcome
        locked.last_attempt_at = now
        fields = ["outcome", "last_attempt_at"]
        if locked.called_at is None and outcome in HANDLING_OUTCOMES:
            locked.called_at = now
            locked.called_by = actor
            fields += ["called_at", "called_by"]
        locked.save(update_fields=fields)
        log_access(actor, locked, AccessLog.Action.UPDATE, reason=f"call outcome: {outcome}")
    return locked


def mark_called(actor, callback):
    """The site reached the person (record_callback_outcome with « personne jointe »)."""
    return record_callback_outcome(actor, callback, ContactOutcome.REACHED)


def link_record(sender, beneficiary, actor, source, **kwargs):
    """A record was made from a request (people.signals.beneficiary_created_from): link them both ways and
    mark the request handled. Only a request `actor` may see (the inbox's rule); runs in people's transaction."""
    if not str(source).startswith(SOURCE_PREFIX):
        return
    pk = str(source)[len(SOURCE_PREFIX) :]
    try:
        locked = CallbackRequest.objects.received_by(actor).select_for_update().filter(pk=pk).first()
    except (ValueError, ValidationError):
        return
    if locked is None:
        return
    locked.beneficiary = beneficiary
    fields = ["beneficiary"]
    if locked.called_at is None:
        locked.called_at = timezone.now()
        locked.called_by = actor
        fields += ["called_at", "called_by"]
    locked.save(update_fields=fields)
    log_access(actor, locked, AccessLog.Action.UPDATE, reason="record created")


def record_prefill(callback):
    """The values a person's record starts with when staff create it from `callback` (a dict for
    `people.views.PREFILL_SESSION_KEY`, kept in the session, never in the address or a log).

    - the person asked to be called back, so the preferred contact channel is a phone call, not the
      record's default SMS;
    - what they wrote in « précisions » is shown above the form (`request_message`), never copied into a field:
      the request is deleted after its retention period (the public form says so), and it may hold what the
      record must not keep (a health or social detail); staff copy what serves the accompaniment;
    - the phone number as people write it (`0693 12 34 56`): the form reads it back to +262…;
    - the need they ticked (`request_need`, its label) is shown beside the précisions: the public form asks for a
      first name only, so the box also reminds staff to ask for the last name.
    """
    return {
        "first_name": callback.first_name,
        "phone": national_format(callback.phone),
        "preferred_channel": ContactChannel.PHONE.value,
        "request_message": callback.message,
        "request_need": str(callback.need_label),
        "site": callback.site_id,
        "origin": Origin.SELF_REFERRAL.value,
        "source": f"{SOURCE_PREFIX}{callback.pk}",  # the record links back to this request once made
    }


def delete_old_callback_requests(now=None):
    """Delete the requests older than the retention period (TREMPLIN_CALLBACK_RETENTION_DAYS). Returns the count."""
    count, _details = CallbackRequest.objects.past_retention(now).delete()
    return count
