"""Signals of the assessments room, for higher rooms (activities records the diagnostic as an activity).

- assessment_completed(sender=Assessment, assessment, actor): sent inside the completion transaction;
- orientation_accepted: see below.
"""

from django.dispatch import Signal

assessment_completed = Signal()

# - orientation_accepted(sender=PathwayStep, step, actor): the mediator oriented the person to another structure
#   (step.redirection is the national "structure de redirection"); sent inside the decision's transaction.
orientation_accepted = Signal()
