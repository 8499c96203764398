"""The person's rights: a copy of their data (export) and erasure on request (anonymisation)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.models import AccessLog, log_access

from ..models import Beneficiary, Gender, SocialStatus
from ..signals import beneficiary_anonymised
from ..timeline import events_for
from .records import _require_casework

IDENTITY_FIELDS = [
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
]
# Erased on anonymisation. Postal code and commune stay: coarse geography that statistics rely on.
ERASED = {
    "first_name": "",
    "last_name": "",
    "birth_name": "",
    "birth_year": None,
    "phone": "",
    "email": "",
    "languages": "",
    "accommodations": "",
    # Optional statistics fields go back to "non communiqué": anonymised people count as unknown.
    "gender": Gender.NOT_GIVEN,
    "social_status": SocialStatus.NOT_GIVEN,
}


_EXPORT_SECTIONS = {}


def register_export(name, fn):
    """Let another room add its own section to the person's export: `fn(beneficiary) -> JSON-ready value`.

    Rooms erase their copies on anonymisation through the `beneficiary_anonymised` signal.
    """
    _EXPORT_SECTIONS[name] = fn


def _data(beneficiary, actor):
    person = {name: getattr(beneficiary, name) for name in IDENTITY_FIELDS}
    person["phone"] = str(person["phone"] or "")
    person["gender"] = str(beneficiary.get_gender_display())
    person["social_status"] = str(beneficiary.get_social_status_display())
    return {
        "id": str(beneficiary.pk),
        "exported_at": timezone.now().isoformat(),
        "person": person,
        "origin": beneficiary.get_origin_display(),
        "created_at": beneficiary.created_at.isoformat(),
        "sites": [site.name for site in beneficiary.sites.all()],
        "consents": [
            {
                "given_on": consent.given_on.isoformat(),
                "channel": consent.get_channel_display(),
                "notice_version": consent.notice_version,
            }
            for consent in beneficiary.consents.all()
        ],
        "eligibility": [
            {
                "proof_type": record.proof_type.name,
                "checked_on": record.checked_on.isoformat(),
                "valid_until": record.valid_until.isoformat(),
                "renewal": record.renewed_from_id is not None,
            }
            for record in beneficiary.eligibility_records.select_related("proof_type")
        ],
        "merged_records": [str(pk) for pk in beneficiary.merged_records.values_list("pk", flat=True)],
        # Everything other rooms attach to the person (referrals, workshops, devices…), via the timeline.
        "timeline": [event.as_dict() for event in events_for(beneficiary, actor)],
        **{name: fn(beneficiary) for name, fn in _EXPORT_SECTIONS.items()},
    }


@transaction.atomic
def export_beneficiary(actor, beneficiary):
    """The person's data as plain JSON-ready values (for a download or a readable page); logged as EXPORT."""
    _require_casework(actor, beneficiary)
    data = _data(beneficiary, actor)
    log_access(actor, beneficiary, AccessLog.Action.EXPORT)
    return {key: (str(value) if key == "origin" else value) for key, value in data.items()}


@transaction.atomic
def anonymise_beneficiary(actor, beneficiary, reason="", by_retention=False):
    """Erase what identifies the person; keep the record's id, relations, dates and statistics.

    Other rooms erase their own copies through the `beneficiary_anonymised` signal. `by_retention`: the
    scheduled retention job (tremplin/ops/retention.py) acts without a user (actor None).
    """
    if not by_retention:
        _require_casework(actor, beneficiary)
    beneficiary = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
    if beneficiary.anonymised_at:
        raise ValidationError(_("Cette fiche est déjà anonymisée."))
    if beneficiary.merged_into_id:
        raise ValidationError(_("Cette fiche a été fusionnée : anonymisez la fiche conservée."))
    for name, value in ERASED.items():
        setattr(beneficiary, name, value)
    beneficiary.anonymised_at = timezone.now()
    beneficiary.save()  # recomputes search_name (empty)
    # Older records merged into this one carry the same identity: erase them too.
    for merged in Beneficiary.objects.filter(merged_into=beneficiary, anonymised_at__isnull=True):
        for name, value in ERASED.items():
            setattr(merged, name, value)
        merged.anonymised_at = beneficiary.anonymised_at
        merged.save()
        log_access(actor, merged, AccessLog.Action.ANONYMISE, reason=f"with:{beneficiary.pk}")
    log_access(actor, beneficiary, AccessLog.Action.ANONYMISE, reason=reason)
    beneficiary_anonymised.send(sender=Beneficiary, beneficiary=beneficiary, actor=actor)
    return beneficiary
