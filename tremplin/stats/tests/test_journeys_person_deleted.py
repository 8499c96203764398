"""A person's referral journeys cannot go stale through the person's deletion: a record that a referral
points to cannot be deleted (Referral.beneficiary is PROTECT, as are consents, diagnostics and enrolments),
and anonymisation — what the people room does instead of deleting — keeps every date a journey reads."""

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from tremplin.referrals.choices import Status
from tremplin.stats.presence import ReferralJourneyDirty

from .test_referral_months import Maker

pytestmark = pytest.mark.django_db


def test_deleting_a_person_who_has_a_referral_is_refused_and_marks_nothing(site, partner, make_user):
    referral = Maker(make_user, partner).referral(site, partner, timezone.now(), status=Status.ACCEPTED)
    ReferralJourneyDirty.objects.all().delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        referral.beneficiary.delete()
    referral.refresh_from_db()
    assert referral.beneficiary_id is not None
    assert not ReferralJourneyDirty.objects.exists()
