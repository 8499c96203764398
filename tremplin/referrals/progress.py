"""What a referrer may know of the progress of a person they referred: yes/no answers only.

Other rooms (workshops, inventory) register a provider `fn(beneficiary) -> dict[label, bool]` from their
AppConfig.ready(). Providers must answer yes/no questions only: never amounts, notes or details. The one
exception is a short label the issue allows the referrer to see (the diagnostic's profile, "Débutant·e"):
a provider may give a str instead of a bool.
"""

from django.utils.translation import gettext_lazy as _

from .choices import Status

_PROVIDERS = []


def register(fn):
    """Register a progress provider (idempotent). Usable as a decorator."""
    if fn not in _PROVIDERS:
        _PROVIDERS.append(fn)
    return fn


def unregister(fn):
    if fn in _PROVIDERS:
        _PROVIDERS.remove(fn)


FIRST_APPOINTMENT = _("Premier rendez-vous tenu")


def first_appointment_held(beneficiary):
    # The site creates or attaches the person's record when it receives them for the first time.
    return {FIRST_APPOINTMENT: beneficiary is not None}


register(first_appointment_held)


def summary(referral):
    """[(label, bool), …] for this referral; everything is "no" until the site accepts the person."""
    beneficiary = referral.beneficiary if referral.status == Status.ACCEPTED else None
    if beneficiary is None:
        return [(FIRST_APPOINTMENT, False)]
    answers = {}
    for provider in list(_PROVIDERS):
        for label, value in provider(beneficiary).items():
            answers[label] = value if isinstance(value, str) else bool(value)
    return list(answers.items())
