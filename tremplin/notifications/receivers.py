"""Listening to the people room: an anonymised person's message texts are erased."""

from .services import forget_recipient


def on_beneficiary_anonymised(sender, beneficiary, **kwargs):
    forget_recipient(beneficiary)


def connect():
    try:
        from tremplin.people.signals import beneficiary_anonymised
    except ImportError:  # the people room has no such signal (yet)
        return
    beneficiary_anonymised.connect(on_beneficiary_anonymised, dispatch_uid="notifications.beneficiary_anonymised")
