"""Signals of the assessments room, for higher rooms (activities records the diagnostic as an activity).

- assessment_completed(sender=Assessment, assessment, actor): sent inside the completion transaction.
"""

from django.dispatch import Signal

assessment_completed = Signal()
