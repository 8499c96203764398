"""The personal-data lifecycle: retention of people's records, of the access log and of message texts.

CNIL référentiel for social and medico-social support: a record is kept 2 years after the last contact,
logs 6 to 12 months. Settings: TREMPLIN_RETENTION_MONTHS (24), TREMPLIN_RETENTION_NOTICE_DAYS (30),
TREMPLIN_ACCESS_LOG_MONTHS (12), TREMPLIN_MESSAGE_BODY_MONTHS (3). Anonymisation is people's own service
(people/services/privacy.py); statistics keep their rows, the cash journal knows people by opaque id only.
"""

import calendar
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Count, Exists, Max, OuterRef
from django.db.models.functions import TruncMonth
from django.utils import timezone

from tremplin.core.models import AccessLog, log_access

from .models import AccessLogMonth, ConsentWithdrawal, ContactNote

logger = logging.getLogger("tremplin.retention")

PERSON_TYPE = "people.beneficiary"
RECORD_CHANGES = (AccessLog.Action.CREATE, AccessLog.Action.UPDATE)

# What counts as a contact with a person: (app.Model, field pointing to the person, date field).
# A source whose app is not installed is skipped; "beneficiary_id" fields hold the id without a foreign key.
CONTACT_SOURCES = [
    ("activities.Activity", "beneficiary", "date"),
    ("activities.Activity", "participants", "date"),
    ("workshops.Enrollment", "beneficiary", "created_at"),
    ("workshops.Enrollment", "beneficiary", "session__starts_at"),
    ("referrals.Referral", "beneficiary", "status_changed_at"),
    ("till.Sale", "beneficiary_id", "finalised_at"),
    ("notifications.Message", "recipient", "created_at"),
    ("notifications.Message", "recipient", "sent_at"),
    ("inventory.Device", "reserved_for", "reserved_until"),
    ("inventory.Device", "sold_to", "sold_at"),
    ("assessments.Assessment", "beneficiary", "started_at"),
    ("people.Consent", "beneficiary", "given_on"),
    ("people.EligibilityRecord", "beneficiary", "checked_on"),
    ("ops.ContactNote", "beneficiary", "at"),
]


def months_before(moment, months):
    """The same day and time `months` earlier (the month's last day when it is shorter)."""
    local = timezone.localtime(moment)
    index = local.year * 12 + local.month - 1 - months
    year, month = divmod(index, 12)
    day = min(local.day, calendar.monthrange(year, month + 1)[1])
    return local.replace(year=year, month=month + 1, day=day)


def months_after(moment, months):
    return months_before(moment, -months)


def _sources():
    for label, person_field, date_field in CONTACT_SOURCES:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        yield model, person_field, date_field


def _since(model, date_field, moment):
    field = model._meta.get_field(date_field.split("__")[0])
    if "__" not in date_field and isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return timezone.localtime(moment).date()
    return moment


def without_contact_since(moment, queryset=None):
    """Active records (not anonymised, not merged) with no contact at or after `moment`."""
    Beneficiary = apps.get_model("people", "Beneficiary")
    people = (queryset if queryset is not None else Beneficiary.objects.all()).active().filter(created_at__lt=moment)
    for model, person_field, date_field in _sources():
        recent = model.objects.filter(**{f"{date_field}__gte": _since(model, date_field, moment)})
        people = people.exclude(Exists(recent.filter(**{person_field: OuterRef("pk")})))
    # Record changes: the access log names the record by its id as text (same as str(uuid) on every engine).
    candidates = list(people.values_list("pk", flat=True))
    changed = set()
    for start in range(0, len(candidates), 500):
        chunk = [str(pk) for pk in candidates[start : start + 500]]
        changed.update(
            AccessLog.objects.filter(
                object_type=PERSON_TYPE, object_id__in=chunk, action__in=RECORD_CHANGES, at__gte=moment
            ).values_list("object_id", flat=True)
        )
    return people.exclude(pk__in=[pk for pk in candidates if str(pk) in changed])


def last_contacts(beneficiaries):
    """{person id: last contact (datetime)} for a few people (the list shown to site managers)."""
    ids = [b.pk for b in beneficiaries]
    latest = {b.pk: b.created_at for b in beneficiaries}

    def note(pk, value):
        if value is None:
            return
        if not isinstance(value, datetime):
            value = timezone.make_aware(datetime.combine(value, datetime.min.time()))
        if pk in latest and value > latest[pk]:
            latest[pk] = value

    for model, person_field, date_field in _sources():
        key = person_field if person_field.endswith("_id") else f"{person_field}__pk"
        rows = model.objects.filter(**{f"{key}__in": ids}).values(key).annotate(last=Max(date_field))
        for row in rows:
            note(row[key], row["last"])
    rows = (
        AccessLog.objects.filter(
            object_type=PERSON_TYPE, object_id__in=[str(pk) for pk in ids], action__in=RECORD_CHANGES
        )
        .values("object_id")
        .annotate(last=Max("at"))
    )
    by_text = {str(pk): pk for pk in ids}
    for row in rows:
        note(by_text[row["object_id"]], row["last"])
    return latest


def retention_cutoff(now=None):
    return months_before(now or timezone.now(), settings.TREMPLIN_RETENTION_MONTHS)


def due_for_anonymisation(now=None):
    return without_contact_since(retention_cutoff(now))


def soon_anonymised(site_ids, now=None):
    """People followed at `site_ids` who will be anonymised within the notice period, with the date."""
    Beneficiary = apps.get_model("people", "Beneficiary")
    now = now or timezone.now()
    horizon = retention_cutoff(now) + timedelta(days=settings.TREMPLIN_RETENTION_NOTICE_DAYS)
    followed = Beneficiary.objects.filter(
        pk__in=Beneficiary.sites.through.objects.filter(site_id__in=site_ids).values("beneficiary_id")
    )
    people = list(without_contact_since(horizon, followed).in_list_order()[:200])
    latest = last_contacts(people)
    for person in people:
        person.last_contact = latest[person.pk]
        person.anonymised_on = max(
            timezone.localdate(months_after(latest[person.pk], settings.TREMPLIN_RETENTION_MONTHS)),
            timezone.localdate(now),
        )
    return sorted(people, key=lambda p: p.anonymised_on)


@transaction.atomic
def keep_record(actor, beneficiary, reason):
    """A site manager records a contact (with its reason): the two years start again from today."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": "Indiquez le motif du contact (5 caractères au moins)."})
    note = ContactNote.objects.create(
        beneficiary=beneficiary, kind=ContactNote.Kind.KEPT, at=timezone.now(), reason=reason[:200], recorded_by=actor
    )
    log_access(actor, beneficiary, AccessLog.Action.UPDATE, reason="contact noté (conservation)")
    return note


@dataclass
class RetentionReport:
    anonymised: int = 0
    skipped: int = 0
    referrals: int = 0


def apply_retention(now=None, dry_run=False):
    """Anonymise every record without contact for the retention period. Safe to run twice at once."""
    from tremplin.people.services.privacy import anonymise_beneficiary

    due = list(due_for_anonymisation(now))
    if dry_run:
        return due
    report = RetentionReport(referrals=anonymise_stale_referrals(now))
    for person in due:
        try:
            anonymise_beneficiary(None, person, reason="conservation : 24 mois sans contact", by_retention=True)
        except ValidationError:  # anonymised or merged by another run meanwhile
            report.skipped += 1
            continue
        report.anonymised += 1
    logger.info(
        "retention: %s record(s) anonymised, %s skipped, %s referral(s) without record anonymised",
        report.anonymised,
        report.skipped,
        report.referrals,
    )
    return report


def stale_referrals(now=None):
    """Referrals that never became a record (refused, expired, cancelled…) and have not changed for the retention
    period: the name and contact details typed by the referrer go too (register: « orientation non aboutie »).
    A referral attached to a record is erased with the record (referrals.integration.erase_referrals)."""
    if not apps.is_installed("tremplin.referrals"):
        return None
    cutoff = retention_cutoff(now)
    return apps.get_model("referrals", "Referral").objects.filter(
        beneficiary__isnull=True, anonymised_at__isnull=True, received_at__lt=cutoff, status_changed_at__lt=cutoff
    )


def anonymise_stale_referrals(now=None):
    """Erase the person's data on `stale_referrals()`; ids, dates, statuses, needs and postal code stay (statistics).
    Each row is claimed by its update, so two runs at once erase each once. Returns how many."""
    referrals = stale_referrals(now)
    if referrals is None:
        return 0
    from tremplin.referrals.integration import ERASED_ON_ANONYMISATION

    now = now or timezone.now()
    count = 0
    for referral in referrals.order_by("pk").iterator():
        with transaction.atomic():
            claimed = (
                type(referral)
                .objects.filter(pk=referral.pk, anonymised_at__isnull=True)
                .update(anonymised_at=now, **ERASED_ON_ANONYMISATION)
            )
            if claimed:
                log_access(None, referral, AccessLog.Action.ANONYMISE, reason="retention")
                count += 1
    return count


def _lock(name):
    """Serialise two runs of the same purge: PostgreSQL advisory lock (SQLite transactions already serialise)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"tremplin:{name}"])


def access_log_cutoff(now=None):
    """The first day of the month `TREMPLIN_ACCESS_LOG_MONTHS` ago: older entries become monthly counts."""
    start = months_before(now or timezone.now(), settings.TREMPLIN_ACCESS_LOG_MONTHS)
    return start.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


@transaction.atomic
def purge_access_log(now=None):
    """Turn entries older than the retention into monthly counts, then delete them. Returns rows deleted."""
    _lock("purge_access_log")
    cutoff = access_log_cutoff(now)
    old = AccessLog.objects.filter(at__lt=cutoff)
    Beneficiary = apps.get_model("people", "Beneficiary")
    changes = (
        old.filter(object_type=PERSON_TYPE, action__in=RECORD_CHANGES).values("object_id").annotate(last=Max("at"))
    )
    existing = {str(pk) for pk in Beneficiary.objects.filter(anonymised_at__isnull=True).values_list("pk", flat=True)}
    ContactNote.objects.bulk_create(
        ContactNote(beneficiary_id=row["object_id"], kind=ContactNote.Kind.RECORD_CHANGE, at=row["last"])
        for row in changes
        if row["object_id"] in existing
    )
    counts = old.annotate(month=TruncMonth("at")).values("month", "action", "object_type").annotate(n=Count("pk"))
    for row in counts:
        month = row["month"].date() if isinstance(row["month"], datetime) else row["month"]
        summary, created = AccessLogMonth.objects.get_or_create(
            month=month, action=row["action"], object_type=row["object_type"], defaults={"count": row["n"]}
        )
        if not created:
            AccessLogMonth.objects.filter(pk=summary.pk).update(count=models.F("count") + row["n"])
    # The one deletion the append-only log allows: its retention period, after counting.
    deleted, _ = models.QuerySet.delete(old)
    logger.info("access log: %s entries before %s turned into monthly counts", deleted, cutoff.date())
    return deleted


def purge_message_bodies(now=None):
    """Erase the text of messages older than the retention (sent, failed, cancelled…): kinds, dates, counts stay."""
    Message = apps.get_model("notifications", "Message")
    cutoff = months_before(now or timezone.now(), settings.TREMPLIN_MESSAGE_BODY_MONTHS)
    erased = (
        Message.objects.filter(due_at__lt=cutoff)
        .exclude(status__in=["queued", "sending"])
        .exclude(body="", sms_body="", action_url="")
        .update(body="", sms_body="", action_url="")
    )
    logger.info("message texts erased: %s", erased)
    return erased


# --- consent withdrawal -----------------------------------------------------------------------------


def consent_withdrawal_of(beneficiary):
    """The person's ConsentWithdrawal, or None; read once per instance (the record page asks twice: its action
    and its "under way" line). For display only: the sender of messages uses `consent_withdrawn`."""
    if not hasattr(beneficiary, "_consent_withdrawal"):
        beneficiary._consent_withdrawal = ConsentWithdrawal.objects.filter(beneficiary_id=beneficiary.pk).first()
    return beneficiary._consent_withdrawal


def consent_withdrawn(beneficiary):
    """Fresh from the database (the message sender asks it right before each message)."""
    return ConsentWithdrawal.objects.filter(beneficiary_id=beneficiary.pk).exists()


@transaction.atomic
def withdraw_consent(actor, beneficiary):
    """The person withdraws the agreement given at reception: mark the record, cancel every queued message."""
    from django.core.exceptions import PermissionDenied

    from tremplin.notifications.models import Message, Status
    from tremplin.people.access import can_read_casework

    if not can_read_casework(actor, beneficiary):
        raise PermissionDenied
    withdrawal, created = ConsentWithdrawal.objects.get_or_create(
        beneficiary=beneficiary, defaults={"recorded_by": actor}
    )
    cancelled = Message.objects.filter(recipient=beneficiary, status=Status.QUEUED).update(
        status=Status.CANCELLED, retry_at=None
    )
    if created:
        log_access(actor, beneficiary, AccessLog.Action.UPDATE, reason="retrait du consentement")
    logger.info("consent withdrawn: %s queued message(s) cancelled", cancelled)
    return withdrawal
