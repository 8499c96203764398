"""Signals other rooms may listen to, sent inside the service's transaction (a failing receiver rolls back).

- beneficiary_merged(sender=Beneficiary, keep, remove, actor): after every relation has moved to `keep`.
- beneficiary_anonymised(sender=Beneficiary, beneficiary, actor): erase your own copies of personal data
  (e.g. the contact details typed on a referral); keep ids, dates and statistics.
"""

from django.dispatch import Signal

beneficiary_merged = Signal()
beneficiary_anonymised = Signal()
