"""Demo referrals: about twelve fictitious people referred by the demo social workers, in every status.

Phone numbers are in the 06 39 98 xx xx range reserved for fiction. Each demo referral has a fixed
idempotency key, so running the loader again changes nothing.
"""

import uuid
from datetime import timedelta

from django.utils import timezone

from tremplin.people.models import EligibilityProofType

from . import services
from .choices import ContactOutcome, DeclineReason, Need
from .models import Referral, ReferralStatusChange
from .services.notify import muted

DEMO_NAMESPACE = uuid.UUID("7b0f8f0e-3c1d-4e8a-9a55-2d1f0c5e7a10")
STAFF = {
    "lyon": "mediatrice.lyon",
    "villeurbanne": "mediateur.villeurbanne",
    "saint-etienne": "responsable.saint-etienne",
}
PLACES = {
    "lyon": ("69007", "Lyon"),
    "villeurbanne": ("69100", "Villeurbanne"),
    "saint-etienne": ("42000", "Saint-Étienne"),
}

# (referrer, site, age in days, needs, what happens next)
REFERRALS = [
    ("prescripteur.ccas", "lyon", 2, [Need.PROCEDURE], None),
    ("prescripteur.ccas", "lyon", 12, [Need.EQUIPMENT, Need.INITIATION], None),
    ("prescripteur.ccas", "villeurbanne", 15, [Need.INITIATION], None),
    ("prescripteur.ccas", "lyon", 5, [Need.CONNECTIVITY], "contacted"),
    ("prescripteur.ccas", "saint-etienne", 4, [Need.PROCEDURE], "no_answer"),
    ("prescripteur.ccas", "lyon", 20, [Need.EQUIPMENT], "accepted"),
    ("prescripteur.ccas", "villeurbanne", 40, [Need.TRAINING], "accepted"),
    ("prescripteur.ccas", "lyon", 25, [Need.PROCEDURE], "declined"),
    ("prescripteur.ccas", "lyon", 8, [Need.INITIATION], "transferred"),
    ("prescripteur.ccas", "lyon", 45, [Need.CONNECTIVITY], "expired"),
    ("prescripteur.francetravail", "saint-etienne", 1, [Need.PROCEDURE, Need.EQUIPMENT], None),
    ("prescripteur.francetravail", "saint-etienne", 30, [Need.EQUIPMENT], "accepted"),
]


def _backdate(referral, days):
    moment = timezone.now() - timedelta(days=days)
    Referral.objects.filter(pk=referral.pk).update(created_at=moment, received_at=moment, status_changed_at=moment)
    ReferralStatusChange.objects.filter(referral=referral).update(at=moment)
    referral.refresh_from_db()


def _then(step, referral, staff, demo):
    now = timezone.now()
    if step == "contacted":
        services.record_contact_attempt(staff, referral, at=now, channel="phone", outcome=ContactOutcome.REACHED)
    elif step == "no_answer":
        services.record_contact_attempt(staff, referral, at=now, channel="sms", outcome=ContactOutcome.NO_ANSWER)
    elif step == "accepted":
        services.record_contact_attempt(staff, referral, at=now, channel="phone", outcome=ContactOutcome.APPOINTMENT)
        services.accept_referral(staff, referral)
    elif step == "declined":
        services.decline_referral(staff, referral, reason=DeclineReason.UNREACHABLE)
    elif step == "transferred":
        services.transfer_referral(staff, referral, to_site=demo.sites["villeurbanne"])
    elif step == "expired":
        services.expire_referrals()


def seed(demo):
    proof = EligibilityProofType.objects.filter(is_active=True).first()
    if proof is None:
        return
    fake = demo.fake
    for index, (referrer_key, site_key, age, needs, step) in enumerate(REFERRALS, start=1):
        referrer, site, staff = demo.users.get(referrer_key), demo.sites.get(site_key), demo.users.get(STAFF[site_key])
        key = uuid.uuid5(DEMO_NAMESPACE, str(index))
        if referrer is None or site is None or staff is None or Referral.objects.filter(idempotency_key=key).exists():
            continue
        postal_code, commune = PLACES[site_key]
        no_phone = index % 6 == 0
        referral, _created = services.create_referral(
            referrer,
            partner=referrer.active_memberships[0].partner,
            idempotency_key=key,
            target_site=site,
            first_name=fake.first_name(),
            last_name=fake.last_name(),
            birth_year=1950 + (index * 5) % 55,
            phone="" if no_phone else f"+336399801{index:02d}",
            email=f"orientation{index:02d}@example.org" if index % 3 == 0 else "",
            preferred_channel="referrer" if no_phone else ("email" if index % 3 == 0 else "sms"),
            postal_code=postal_code,
            commune=commune,
            languages="français, arabe" if index % 4 == 0 else "français",
            needs=list(needs),
            context="Personne fictive de démonstration.",
            accommodations="Parler lentement" if index % 5 == 0 else "",
            consent_attested=True,
            eligibility_attested=True,
            proof_type=proof,
        )
        _backdate(referral, age)
        if step:
            with muted():  # no e-mail to the demo referrers while loading
                _then(step, referral, staff, demo)
