"""Signals other rooms listen to (a higher room, activities, must not be imported from here)."""

from django.dispatch import Signal

# Sent by services.record_attendance with session=Session, present=[Beneficiary], actor=User.
# The activities room listens and writes one collective activity record for the session.
attendance_recorded = Signal()
