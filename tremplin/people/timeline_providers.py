"""The people room's own timeline events: creation, information/consent, eligibility checks."""

from django.utils.translation import gettext as _

from tremplin.core.dates import display

from .access import can_read_casework
from .records import casework_records
from .timeline import TimelineEvent


def record_events(beneficiary, user):
    yield TimelineEvent(beneficiary.created_at, "created", _("Fiche créée"), beneficiary.get_origin_display())
    if not can_read_casework(user, beneficiary):
        return
    consents, eligibility_records = casework_records(beneficiary)
    for consent in consents:
        yield TimelineEvent(
            consent.given_on,
            "consent",
            _("Information et accord (notice v%(version)s)") % {"version": consent.notice_version},
            consent.get_channel_display(),
        )
    for record in eligibility_records:
        title = _("Éligibilité renouvelée") if record.renewed_from_id else _("Éligibilité vérifiée")
        yield TimelineEvent(
            record.checked_on,
            "eligibility",
            title,
            _("%(proof)s, valable jusqu'au %(until)s")
            % {"proof": record.proof_type, "until": display(record.valid_until, "date_short")},
        )
