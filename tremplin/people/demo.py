"""Demo reference data for people: the network's list of eligibility proof types."""

from tremplin.people.models import EligibilityProofType

PROOF_TYPES = [
    "Attestation de minima sociaux",
    "Complémentaire santé solidaire",
    "Quotient familial",
    "Situation évaluée par le travailleur social",
]


def seed(demo):
    for position, name in enumerate(PROOF_TYPES):
        EligibilityProofType.objects.update_or_create(name=name, defaults={"position": position, "is_active": True})
