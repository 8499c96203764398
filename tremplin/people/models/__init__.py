"""People room models: one module per concept, re-exported here for `tremplin.people.models` imports."""

from .beneficiary import (
    Beneficiary,
    BeneficiaryQuerySet,
    ContactChannel,
    EligibilityProofType,
    Gender,
    Origin,
    SocialStatus,
)
from .consent import Consent, ConsentChannel, current_notice_version
from .eligibility import EligibilityRecord, EligibilityRecordQuerySet, default_valid_until, eligibility_valid_days
from .notice import InformationNotice, notice_languages

__all__ = [
    "Beneficiary",
    "BeneficiaryQuerySet",
    "Consent",
    "ConsentChannel",
    "ContactChannel",
    "EligibilityProofType",
    "EligibilityRecord",
    "EligibilityRecordQuerySet",
    "Gender",
    "InformationNotice",
    "Origin",
    "SocialStatus",
    "current_notice_version",
    "default_valid_until",
    "eligibility_valid_days",
    "notice_languages",
]
