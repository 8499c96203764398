"""Business operations on person records. Each is one transaction and writes the access log.

Other rooms call these (referrals turns a referral into a record with create_beneficiary or
attach_to_site after find_duplicates).
"""

from ..search import rows_to_count, search_beneficiaries
from .duplicates import find_duplicates
from .merge import MergeConflict, merge_beneficiaries, merge_plan
from .privacy import anonymise_beneficiary, export_beneficiary
from .records import (
    attach_to_site,
    create_beneficiary,
    record_consent,
    record_eligibility,
    renew_eligibility,
    update_beneficiary,
    view_beneficiary,
)

__all__ = [
    "MergeConflict",
    "anonymise_beneficiary",
    "attach_to_site",
    "create_beneficiary",
    "export_beneficiary",
    "find_duplicates",
    "merge_beneficiaries",
    "merge_plan",
    "record_consent",
    "record_eligibility",
    "renew_eligibility",
    "rows_to_count",
    "search_beneficiaries",
    "update_beneficiary",
    "view_beneficiary",
]
