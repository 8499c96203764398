"""Two staff members accepting the same referral at the same moment create one person (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tremplin.people.models import Beneficiary
from tremplin.referrals import services
from tremplin.referrals.choices import Status
from tremplin.referrals.models import Referral


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_staff_accepting_the_same_referral_at_once_create_one_person(make_user, site, referral):
    staff = [make_user("mediator", at=site), make_user("site_manager", at=site, totp=False)]
    barrier = threading.Barrier(2)
    outcomes = []

    def worker(user):
        try:
            barrier.wait(timeout=10)
            services.accept_referral(user, Referral.objects.get(pk=referral.pk))
            outcomes.append("accepted")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(user,)) for user in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    referral.refresh_from_db()
    assert sorted(outcomes) == ["accepted", "refused"]
    assert referral.status == Status.ACCEPTED
    assert Beneficiary.objects.count() == 1
    assert referral.status_changes.filter(status=Status.ACCEPTED).count() == 1
