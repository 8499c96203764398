"""Signals other rooms may listen to, sent inside the service's transaction (a failing receiver rolls back).

- beneficiary_merged(sender=Beneficiary, keep, remove, actor): after every relation has moved to `keep`.
- beneficiary_anonymised(sender=Beneficiary, beneficiary, actor): erase your own copies of personal data
  (e.g. the contact details typed on a referral); keep ids, dates and statistics.
- beneficiary_created_from(sender=Beneficiary, beneficiary, actor, source): a record was just made from
  another room's object (`source`, the opaque "room:id" that room put in the walk-in form's prefill, e.g.
  "callback:<uuid>"); the room links its object to the record. The receiver checks `actor` may see it.
"""

from django.dispatch import Signal

beneficiary_merged = Signal()
beneficiary_anonymised = Signal()
beneficiary_created_from = Signal()
