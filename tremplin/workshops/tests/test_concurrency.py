"""Seats + 10 people enrolling at the same instant: exactly `seats` confirmed (PostgreSQL row locks)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tremplin.workshops import services
from tremplin.workshops.models import Enrollment, Session

from .factories import BeneficiaryFactory, SessionFactory

SEATS = 5


def run_at_once(jobs):
    barrier = threading.Barrier(len(jobs))
    outcomes = []

    def worker(job):
        try:
            barrier.wait(timeout=10)
            outcomes.append(job())
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_seats_plus_ten_simultaneous_enrolments_never_exceed_the_seats(site, mediator):
    session = SessionFactory(site=site, seats=SEATS)
    people = [BeneficiaryFactory(sites=[site]) for _ in range(SEATS + 10)]

    def job(person):
        return lambda: services.enroll(mediator, Session.objects.get(pk=session.pk), person)[0].status

    outcomes = run_at_once([job(person) for person in people])
    assert sorted(outcomes) == ["confirmed"] * SEATS + ["waitlisted"] * 10
    assert Enrollment.objects.filter(session=session, status="confirmed").count() == SEATS
    positions = sorted(
        Enrollment.objects.filter(session=session, status="waitlisted").values_list("position", flat=True)
    )
    assert positions == list(range(1, 11))


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_person_enrolled_ten_times_at_once_is_enrolled_once(site, mediator):
    session = SessionFactory(site=site, seats=SEATS)
    person = BeneficiaryFactory(sites=[site])

    def job():
        return services.enroll(mediator, Session.objects.get(pk=session.pk), person)[0].status

    outcomes = run_at_once([job] * 10)
    assert sorted(outcomes) == ["already_enrolled"] * 9 + ["confirmed"]
    assert Enrollment.objects.filter(session=session, beneficiary=person).count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_cancellations_and_enrolments_at_once_keep_the_seats(site, mediator):
    session = SessionFactory(site=site, seats=SEATS)
    enrolled = [services.enroll(mediator, session, BeneficiaryFactory(sites=[site]))[0] for _ in range(SEATS + 3)]
    newcomers = [BeneficiaryFactory(sites=[site]) for _ in range(5)]
    jobs = [lambda e=e: len(services.cancel_enrollment(e, by=mediator)) for e in enrolled[:3]]
    jobs += [lambda p=p: services.enroll(mediator, Session.objects.get(pk=session.pk), p)[0].status for p in newcomers]
    run_at_once(jobs)
    assert Enrollment.objects.filter(session=session, status="confirmed").count() == SEATS
