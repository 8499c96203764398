"""Creating and updating a person's record, consents and eligibility checks."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.models import AccessLog, log_access

from ..access import can_read_casework, casework_site_ids
from ..models import Beneficiary, Consent, EligibilityRecord, Origin
from ..models.consent import current_notice_version
from ..models.eligibility import default_valid_until
from ..models.notice import InformationNotice
from ..validation import check_contact_channel, clean_person_fields

EDITABLE_FIELDS = {
    "first_name",
    "last_name",
    "birth_name",
    "birth_year",
    "phone",
    "email",
    "preferred_channel",
    "postal_code",
    "commune",
    "languages",
    "accommodations",
    "gender",
    "social_status",
}


def _require_casework_site(actor, site):
    if site.pk not in casework_site_ids(actor):
        raise PermissionDenied


def _require_casework(actor, beneficiary):
    if not can_read_casework(actor, beneficiary):
        raise PermissionDenied


def _require_active(beneficiary):
    if not beneficiary.is_active:
        raise ValidationError(_("Cette fiche a été fusionnée ou anonymisée : elle ne peut plus être modifiée."))


def view_beneficiary(actor, beneficiary, reason=""):
    """Log a read of the record (call it from every page that shows a person)."""
    log_access(actor, beneficiary, AccessLog.Action.VIEW, reason)


@transaction.atomic
def create_beneficiary(actor, site, source=None, **fields):
    """A new record followed by `site`. Walk-ins and self-referrals only where the site accepts them.

    `source` ("callback:<uuid>"): the other room's object the record is made from; that room links it
    (signals.beneficiary_created_from, in this transaction).

    Fields are validated and normalised (phone to E.164, e-mail lower-case, plausible birth year,
    postal code matching the commune); raises ValidationError with one message per bad field.
    """
    _require_casework_site(actor, site)
    unknown = set(fields) - EDITABLE_FIELDS - {"origin"}
    if unknown:
        raise TypeError(f"Unknown beneficiary fields: {sorted(unknown)}")
    origin = fields.pop("origin", Origin.WALK_IN)
    if origin == Origin.WALK_IN and not site.accepts_walk_ins:
        raise ValidationError(_("Cet espace n'accueille pas de personnes sans rendez-vous."))
    if origin == Origin.SELF_REFERRAL and not site.accepts_self_referrals:
        raise ValidationError(_("Cet espace n'accepte pas les demandes directes des personnes."))
    clean_person_fields(fields)
    beneficiary = Beneficiary(origin=origin, created_by=actor, **fields)
    check_contact_channel(beneficiary.preferred_channel, beneficiary.phone)
    beneficiary.save()
    beneficiary.sites.add(site)
    log_access(actor, beneficiary, AccessLog.Action.CREATE)
    if source:
        from ..signals import beneficiary_created_from

        beneficiary_created_from.send(sender=Beneficiary, beneficiary=beneficiary, actor=actor, source=source)
    return beneficiary


@transaction.atomic
def update_beneficiary(actor, beneficiary, **fields):
    """Change identity, contact details or contact preferences (validated as on creation)."""
    _require_casework(actor, beneficiary)
    _require_active(beneficiary)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Unknown beneficiary fields: {sorted(unknown)}")
    clean_person_fields(fields)
    for name, value in fields.items():
        setattr(beneficiary, name, value)
    if {"phone", "preferred_channel"} & fields.keys():
        check_contact_channel(beneficiary.preferred_channel, beneficiary.phone)
    beneficiary.save()
    log_access(actor, beneficiary, AccessLog.Action.UPDATE)
    return beneficiary


@transaction.atomic
def attach_to_site(actor, beneficiary, site):
    """The person is also followed by `site` (e.g. found as a duplicate while creating them there)."""
    _require_casework_site(actor, site)
    _require_active(beneficiary)
    beneficiary.sites.add(site)
    beneficiary.__dict__.pop("_site_ids_cache", None)
    beneficiary.__dict__.pop("_sites_cache", None)
    log_access(actor, beneficiary, AccessLog.Action.UPDATE, reason=f"site:{site.pk}")
    return beneficiary


@transaction.atomic
def record_consent(actor, beneficiary, *, channel, given_on=None, notice=None, notice_version=None):
    """The person received the information notice (this version) and agreed, on this date.

    `notice` is the published InformationNotice given (by default the one in force); the consent keeps it,
    and its number in `notice_version`.
    """
    _require_casework(actor, beneficiary)
    _require_active(beneficiary)
    given_on = given_on or timezone.localdate()
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("La date ne peut pas être dans le futur.")})
    if notice is None:
        published = InformationNotice.objects.published()
        notice = (
            published.filter(version=notice_version.strip()).first()
            if notice_version and notice_version.strip().isascii() and notice_version.strip().isdecimal()
            else None
        ) or (published.current() if not notice_version else None)
    elif not notice.is_published:
        raise ValidationError({"notice": _("Seule une version publiée de la notice peut être remise.")})
    consent = Consent.objects.create(
        beneficiary=beneficiary,
        channel=channel,
        given_on=given_on,
        notice=notice,
        notice_version=str(notice.version) if notice else (notice_version or current_notice_version()).strip(),
        recorded_by=actor,
    )
    log_access(actor, beneficiary, AccessLog.Action.UPDATE, reason=f"consent:{consent.pk}")
    return consent


def _check_dates(checked_on, valid_until):
    if checked_on > timezone.localdate():
        raise ValidationError({"checked_on": _("La date de vérification ne peut pas être dans le futur.")})
    if valid_until < checked_on:
        raise ValidationError(
            {"valid_until": _("La date de fin de validité ne peut pas précéder la date de vérification.")}
        )


@transaction.atomic
def record_eligibility(actor, beneficiary, *, proof_type, checked_on=None, valid_until=None, checked_by=None):
    """A proof was seen: store only its type, who checked, when, and until when it counts.

    Valid for settings.TREMPLIN_ELIGIBILITY_VALID_DAYS (183 by default) unless another end date is given.
    `checked_by` is the person who saw the proof when it is not `actor` (a referrer's attestation
    recorded by the site accepting the referral); `actor` is still the one who must follow the person.
    """
    _require_casework(actor, beneficiary)
    _require_active(beneficiary)
    checked_on = checked_on or timezone.localdate()
    valid_until = valid_until or default_valid_until(checked_on)
    _check_dates(checked_on, valid_until)
    record = EligibilityRecord.objects.create(
        beneficiary=beneficiary,
        proof_type=proof_type,
        checked_by=checked_by or actor,
        checked_on=checked_on,
        valid_until=valid_until,
    )
    log_access(actor, beneficiary, AccessLog.Action.UPDATE, reason=f"eligibility:{record.pk}")
    return record


@transaction.atomic
def renew_eligibility(actor, previous, *, proof_type=None, checked_on=None, valid_until=None):
    """A new check extending `previous`; a record is renewed at most once (database constraint)."""
    beneficiary = previous.beneficiary
    _require_casework(actor, beneficiary)
    _require_active(beneficiary)
    # Lock the record being renewed so two simultaneous renewals give one clear refusal.
    previous = EligibilityRecord.objects.select_for_update().get(pk=previous.pk)
    if previous.renewals.exists():
        raise ValidationError(_("Cette attestation a déjà été renouvelée."))
    checked_on = checked_on or timezone.localdate()
    valid_until = valid_until or default_valid_until(checked_on)
    _check_dates(checked_on, valid_until)
    try:
        with transaction.atomic():
            record = EligibilityRecord.objects.create(
                beneficiary=beneficiary,
                proof_type=proof_type or previous.proof_type,
                checked_by=actor,
                checked_on=checked_on,
                valid_until=valid_until,
                renewed_from=previous,
            )
    except IntegrityError as error:
        raise ValidationError(_("Cette attestation a déjà été renouvelée.")) from error
    log_access(actor, beneficiary, AccessLog.Action.UPDATE, reason=f"eligibility:{record.pk}")
    return record
