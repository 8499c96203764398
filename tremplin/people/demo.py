"""Demo data for people: the network's proof types and ~25 fictitious people across the demo sites.

Phone numbers are in the 06 39 98 xx xx range reserved for fiction, e-mails at example.org; the
phone number identifies a demo person, so running the loader again changes nothing.
"""

from datetime import timedelta

from django.utils import timezone

from tremplin.people.models import (
    Beneficiary,
    Consent,
    EligibilityProofType,
    EligibilityRecord,
    InformationNotice,
    Origin,
)

PROOF_TYPES = [
    "Attestation de minima sociaux",
    "Complémentaire santé solidaire",
    "Quotient familial",
    "Situation évaluée par le travailleur social",
]
# (site key, postal code, commune) by turn; staff account recording consents there.
PLACES = [
    ("lyon", "69007", "Lyon 7e Arrondissement", "mediatrice.lyon"),
    ("villeurbanne", "69100", "Villeurbanne", "mediateur.villeurbanne"),
    ("saint-etienne", "42000", "Saint-Étienne", "responsable.saint-etienne"),
]
NAMED = [
    # A person used as the search example in the guide, and a likely duplicate of her to merge.
    {"first_name": "Hélène", "last_name": "Lefèvre", "birth_year": 1975, "place": 0, "languages": "français"},
    {"first_name": "Helene", "last_name": "Lefebvre", "birth_year": 1975, "place": 1, "languages": ""},
]
COUNT = 25


def _phone(index):
    return f"+336399800{index:02d}"


def seed(demo):
    for position, name in enumerate(PROOF_TYPES):
        EligibilityProofType.objects.update_or_create(name=name, defaults={"position": position, "is_active": True})
    proofs = list(EligibilityProofType.objects.filter(is_active=True))
    fake = demo.fake
    today = timezone.localdate()
    # The demo's consents keep the notice in force, as record_consent does (the notice list counts them).
    notice = InformationNotice.objects.current()
    for index in range(1, COUNT + 1):
        named = NAMED[index - 1] if index <= len(NAMED) else None
        if Beneficiary.objects.filter(phone=_phone(index)).exists():
            continue
        place = PLACES[named["place"] if named else index % len(PLACES)]
        site = demo.sites.get(place[0])
        if site is None:
            continue
        first_name = named["first_name"] if named else fake.first_name()
        last_name = named["last_name"] if named else fake.last_name()
        staff = demo.users.get(place[3])
        person = Beneficiary.objects.create(
            first_name=first_name,
            last_name=last_name,
            birth_year=named["birth_year"] if named else 1945 + (index * 7) % 60,
            phone=_phone(index),
            email=f"personne{index:02d}@example.org" if index % 3 else "",
            preferred_channel=["sms", "email", "phone"][index % 3] if index % 3 else "sms",
            postal_code=place[1],
            commune=place[2],
            languages=named["languages"] if named else ("français, arabe" if index % 5 == 0 else "français"),
            origin=[Origin.WALK_IN, Origin.SELF_REFERRAL][index % 2],
            created_by=staff,
        )
        person.sites.add(site)
        if staff and index % 4 != 3:
            Consent.objects.create(
                beneficiary=person,
                given_on=today - timedelta(days=index * 9),
                channel="in_person",
                recorded_by=staff,
                notice=notice,
                notice_version=str(notice.version) if notice else "1",
            )
        if staff and proofs and index % 2 == 1:
            checked_on = today - timedelta(days=index * 11)
            EligibilityRecord.objects.create(
                beneficiary=person,
                proof_type=proofs[index % len(proofs)],
                checked_by=staff,
                checked_on=checked_on,
            )
