"""Listening to the people room: an anonymised person's message texts are erased; a record saved with
another contact channel (or a new number) moves its queued messages to the channel the person asks for."""

from django.db.models.signals import post_save

from .services import follow_preferred_channel, forget_recipient


def on_beneficiary_anonymised(sender, beneficiary, **kwargs):
    forget_recipient(beneficiary)


def on_beneficiary_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        follow_preferred_channel(instance)


def connect():
    from tremplin.people.models import Beneficiary

    post_save.connect(on_beneficiary_saved, sender=Beneficiary, dispatch_uid="notifications.follow_channel")
    try:
        from tremplin.people.signals import beneficiary_anonymised
    except ImportError:  # the people room has no such signal (yet)
        return
    beneficiary_anonymised.connect(on_beneficiary_anonymised, dispatch_uid="notifications.beneficiary_anonymised")
