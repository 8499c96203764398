"""Row locks hold under concurrent requests (PostgreSQL only: SQLite does not lock rows)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tremplin.people.models import Beneficiary, EligibilityRecord
from tremplin.people.services import merge_beneficiaries, renew_eligibility

from .factories import BeneficiaryFactory, EligibilityRecordFactory

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def run_together(*calls):
    """Run each call in its own thread and connection, released at the same moment; return outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def worker(call):
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_two_crossed_merges_of_the_same_pair_leave_exactly_one_kept_record(make_user, site):
    manager = make_user("site_manager")
    first = BeneficiaryFactory(sites=[site])
    second = BeneficiaryFactory(sites=[site])
    outcomes = run_together(
        lambda: merge_beneficiaries(manager, first, second),
        lambda: merge_beneficiaries(manager, second, first),
    )
    assert outcomes == ["ok", "refused"]
    merged = Beneficiary.objects.filter(pk__in=[first.pk, second.pk], merged_into__isnull=False)
    assert merged.count() == 1


def test_two_simultaneous_renewals_of_one_attestation_create_one_renewal(make_user, site):
    mediator = make_user("mediator")
    record = EligibilityRecordFactory(beneficiary=BeneficiaryFactory(sites=[site]))
    outcomes = run_together(lambda: renew_eligibility(mediator, record), lambda: renew_eligibility(mediator, record))
    assert outcomes == ["ok", "refused"]
    assert EligibilityRecord.objects.filter(renewed_from=record).count() == 1
