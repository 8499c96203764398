"""The life of a referral at the site: contact attempts, accept, decline, transfer, expiry."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.core.models import AccessLog, log_access
from tremplin.core.phones import can_receive_sms
from tremplin.core.roles import SITE_CASEWORK_ROLES

from ..choices import OPEN_STATUSES, SUCCESSFUL_OUTCOMES, UNCONTACTED_STATUSES, DeclineReason, Status
from ..models import ContactAttempt, Referral, ReferralStatusChange, expiry_days
from .notify import notify_referrer_on_commit

ALREADY_CLOSED = gettext_lazy("Cette orientation est déjà traitée (%(status)s).")


def _lock_open(actor, referral):
    """Lock the referral row and check that `actor` works at its site and that it is still open."""
    locked = Referral.objects.select_for_update(of=("self",)).select_related("target_site").get(pk=referral.pk)
    if locked.target_site_id not in actor.site_ids(*SITE_CASEWORK_ROLES):
        raise ValidationError(_("Cette orientation n'est pas adressée à votre espace."))
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(ALREADY_CLOSED % {"status": locked.get_status_display()})
    return locked


def _change_status(referral, status, by, *, decline_reason="", now=None):
    now = now or timezone.now()
    referral.status = status
    referral.status_changed_at = now
    ReferralStatusChange.objects.create(
        referral=referral, status=status, at=now, by=by, site=referral.target_site, decline_reason=decline_reason
    )
    notify_referrer_on_commit(referral.pk, status)


@transaction.atomic
def record_contact_attempt(actor, referral, *, at, channel, outcome):
    """Record a call, SMS or e-mail to the person; reaching them makes the referral "contacted"."""
    referral = _lock_open(actor, referral)
    if at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"at": _("La date de la tentative ne peut pas être dans le futur.")})
    attempt = ContactAttempt.objects.create(referral=referral, at=at, channel=channel, outcome=outcome, by=actor)
    if outcome in SUCCESSFUL_OUTCOMES and referral.status in UNCONTACTED_STATUSES:
        _change_status(referral, Status.CONTACTED, actor)
        referral.save(update_fields=["status", "status_changed_at"])
    log_access(actor, referral, AccessLog.Action.UPDATE, reason="contact attempt")
    return attempt


def _usable_channel(referral):
    """A referral sent before landlines were refused for SMS keeps its person reachable: by a call."""
    if referral.preferred_channel == "sms" and referral.phone and not can_receive_sms(referral.phone):
        return "phone"
    return referral.preferred_channel


@transaction.atomic
def accept_referral(actor, referral, *, beneficiary=None):
    """Turn the referral into a person followed by the site: a new record, or an existing one attached.

    The referrer's eligibility attestation becomes an eligibility record of the person (proof type of
    the referral, checked on the referral's date by the referrer, default validity).

    The referral row is locked first, so two staff accepting at the same moment create one person: the
    second finds the referral already accepted and gets a clear message.
    """
    from tremplin.people import services as people  # people is a lower room; imported when used
    from tremplin.people.models import Origin

    referral = _lock_open(actor, referral)
    site = referral.target_site
    if beneficiary is None:
        beneficiary = people.create_beneficiary(
            actor,
            site,
            first_name=referral.first_name,
            last_name=referral.last_name,
            birth_year=referral.birth_year,
            phone=referral.phone,
            email=referral.email,
            preferred_channel=_usable_channel(referral),
            postal_code=referral.postal_code,
            commune=referral.commune,
            languages=referral.languages,
            accommodations=referral.accommodations,
            origin=Origin.REFERRAL,
        )
    else:
        people.attach_to_site(actor, beneficiary, site)
    if referral.proof_type_id:
        # The referrer saw the proof and attested it: the site records that outcome, no new check.
        people.record_eligibility(
            actor,
            beneficiary,
            proof_type=referral.proof_type,
            checked_on=timezone.localdate(referral.created_at),
            checked_by=referral.referrer,
        )
    referral.beneficiary = beneficiary
    _change_status(referral, Status.ACCEPTED, actor)
    referral.save(update_fields=["beneficiary", "status", "status_changed_at"])
    log_access(actor, referral, AccessLog.Action.UPDATE, reason="accepted")
    return referral


@transaction.atomic
def decline_referral(actor, referral, *, reason):
    """Close the referral with a reason from the list; the referrer is told by e-mail."""
    if reason not in DeclineReason.values:
        raise ValidationError({"reason": _("Choisissez un motif dans la liste.")})
    referral = _lock_open(actor, referral)
    referral.decline_reason = reason
    _change_status(referral, Status.DECLINED, actor, decline_reason=reason)
    referral.save(update_fields=["decline_reason", "status", "status_changed_at"])
    log_access(actor, referral, AccessLog.Action.UPDATE, reason="declined")
    return referral


@transaction.atomic
def transfer_referral(actor, referral, *, to_site):
    """Hand the referral to another site: it leaves this site's inbox and waits in the other one."""
    referral = _lock_open(actor, referral)
    if to_site.pk == referral.target_site_id:
        raise ValidationError({"to_site": _("Choisissez un autre espace que le vôtre.")})
    if not to_site.is_active:
        raise ValidationError({"to_site": _("Cet espace est fermé.")})
    now = timezone.now()
    referral.transferred_from = referral.target_site
    referral.target_site = to_site
    referral.received_at = now
    _change_status(referral, Status.TRANSFERRED, actor, now=now)
    referral.save(update_fields=["transferred_from", "target_site", "received_at", "status", "status_changed_at"])
    log_access(actor, referral, AccessLog.Action.UPDATE, reason="transferred")
    return referral


def expirable(now=None):
    """Open referrals nobody reached, received longer ago than the delay, with no attempt since."""
    now = now or timezone.now()
    attempts_since_received = ContactAttempt.objects.filter(referral=OuterRef("pk"), at__gte=OuterRef("received_at"))
    return Referral.objects.filter(
        status__in=UNCONTACTED_STATUSES, received_at__lt=now - timedelta(days=expiry_days())
    ).exclude(Exists(attempts_since_received))


def expire_referrals(now=None):
    """Expire the referrals of `expirable()`; returns how many. Safe to run again and concurrently."""
    now = now or timezone.now()
    count = 0
    for referral in expirable(now).select_related("target_site").order_by("pk"):
        with transaction.atomic():
            # Conditional claim: a site acting on it at the same moment wins, expiry skips it.
            claimed = Referral.objects.filter(pk=referral.pk, status__in=UNCONTACTED_STATUSES).update(
                status=Status.EXPIRED, status_changed_at=now
            )
            if claimed != 1:
                continue
            ReferralStatusChange.objects.create(
                referral=referral, status=Status.EXPIRED, at=now, by=None, site=referral.target_site
            )
            log_access(None, referral, AccessLog.Action.UPDATE, reason="expired")
            notify_referrer_on_commit(referral.pk, Status.EXPIRED)
            count += 1
    return count
