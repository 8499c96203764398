"""A person's consents and eligibility checks as the record page and its timeline show them, read once."""

from django.db.models import Prefetch, prefetch_related_objects


def casework_records(beneficiary):
    """(consents, eligibility records) of the person, newest first, with who recorded them and the proof type.

    Read once per instance: the record page lists them and its "Derniers événements" box (the people room's
    timeline provider) shows them again; both get the same rows from one query each."""
    from .models import Consent, EligibilityRecord

    prefetch_related_objects(
        [beneficiary],
        Prefetch("consents", queryset=Consent.objects.select_related("recorded_by")),
        Prefetch(
            "eligibility_records",
            queryset=EligibilityRecord.objects.select_related("proof_type", "checked_by"),
        ),
    )
    return beneficiary.consents.all(), beneficiary.eligibility_records.all()
