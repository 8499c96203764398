"""Every scheduled job, run twice at the same moment (two workers, two machines), does its work once.

On the demo data, 25 months later (so that every job finds work: people to anonymise, referrals to expire,
reservations past their end, periods to close, messages and log entries to purge), each job of the registry in
turn is first rehearsed in a transaction that is rolled back — what one run does, by its own counts — then run
twice at once in two threads. The two runs must both succeed, and together do exactly what one run does: their
work counts add up to the rehearsal's. Check jobs (journal, stock counters) must see the same as one run.
PostgreSQL only: SQLite takes one writer at a time, so nothing runs "at once" there.
"""

import contextlib
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from tremplin.core.jobreport import collecting
from tremplin.notifications.sms import locmem
from tremplin.ops.jobs import run_job
from tremplin.ops.models import JobRun
from tremplin.ops.registry import JOBS

# Counts that say what a run did (added up over the two runs); the other counts are what a run saw or skipped
# (a record the other run took first is "skipped", a period it closed first "refused").
WORK = {
    "send_due_messages": {"sent", "failed", "expired", "to_call"},
    "release_expired_reservations": {"released"},
    "expire_referrals": {"expired", "callbacks_deleted"},
    "send_referral_reminders": {"sites"},
    "remind_missing_followups": {"created"},
    "refresh_open_data": set(),
    "check_stats_aggregates": {"repaired"},
    "close_cash_periods": {"closed"},
    "apply_retention": {"anonymised", "referrals"},
    "purge_access_log": {"summarised"},
    "purge_message_bodies": {"erased"},
}
# Check jobs: each of the two runs sees what one run sees.
CHECKS = {"verify_cash_journal", "check_stock_counts"}


class Rehearsal(Exception):
    pass


def rehearse(name):
    """The counts of one run of `name` on the current data, rolled back (on-commit work, e-mails, anchor lines
    included: none of it happens)."""
    with collecting() as counts:
        try:
            with transaction.atomic():
                with contextlib.suppress(SystemExit):  # a check job exits 1 on a problem: its counts say it
                    call_command(name, verbosity=0)
                raise Rehearsal
        except Rehearsal:
            pass
    return dict(counts)


def twice_at_once(name):
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            run_job(name)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return list(JobRun.objects.filter(job=name).order_by("-pk")[:2])


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_every_job_run_twice_at_once_does_its_work_once(settings):
    settings.TREMPLIN_SMS_BACKEND = "tremplin.notifications.sms.locmem.LocmemBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("seed_demo", "--quiet-accounts", verbosity=0)
    installed = [job.name for job in JOBS if job.installed]
    assert set(installed) == set(WORK) | CHECKS, "a new job: say which of its counts are work"
    did_work = set()
    with time_machine.travel(timezone.now() + timedelta(days=25 * 31), tick=True):
        for name in installed:
            expected = rehearse(name)
            mail.outbox.clear()
            locmem.outbox.clear()
            runs = twice_at_once(name)
            assert [run.outcome for run in runs] == [JobRun.Outcome.OK] * 2, (name, [run.output for run in runs])
            if name in CHECKS:
                assert [run.counts for run in runs] == [expected] * 2, name
                continue
            for key in WORK[name]:
                done = sum(run.counts.get(key, 0) for run in runs)
                assert done == expected.get(key, 0), f"{name}: {key} = {done} over two runs, {expected} alone"
                if done:
                    did_work.add(name)
    # The data gave the jobs that change things something to do (else the test would prove little).
    assert {"expire_referrals", "close_cash_periods", "apply_retention", "purge_message_bodies"} <= did_work, did_work
