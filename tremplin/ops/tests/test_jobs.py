"""The scheduled jobs: schedules follow the registry, runs are recorded, late jobs are flagged, runs at once
do not double anything, e-mails leave from the worker."""

import io
import threading
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule

from tremplin.notifications.models import Message, Status
from tremplin.notifications.services import queue_message
from tremplin.ops import jobs
from tremplin.ops.jobs import Job, job_statuses, run_job, sync_schedules
from tremplin.ops.models import JobRun
from tremplin.ops.registry import DAY, JOBS, MINUTE

NOON = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)  # 12:00 in Paris (summer time)


def test_every_registered_job_is_a_management_command_except_the_announced_one():
    missing = [job.name for job in JOBS if not job.installed]
    # remind_missing_followups comes with the assessments follow-up work; nothing else may be missing.
    assert set(missing) <= {"remind_missing_followups"}


@pytest.mark.django_db
def test_schedules_follow_the_registry_and_syncing_twice_changes_nothing():
    Schedule.objects.all().delete()  # migrate made them already, at the real date
    with time_machine.travel(NOON, tick=False):
        sync_schedules()
        first = {s.name: (s.schedule_type, s.minutes, s.next_run) for s in Schedule.objects.all()}
        sync_schedules()
        second = {s.name: (s.schedule_type, s.minutes, s.next_run) for s in Schedule.objects.all()}
    assert first == second
    installed = {f"tremplin:{job.name}" for job in JOBS if job.installed}
    assert set(first) == installed
    assert first["tremplin:send_due_messages"][:2] == (Schedule.MINUTES, 1)
    # A daily job runs at its local time: expire_referrals at 02:00 Paris = 00:00 UTC the next day.
    assert first["tremplin:expire_referrals"][0] == Schedule.DAILY
    assert first["tremplin:expire_referrals"][2] == datetime(2026, 6, 16, 0, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_a_job_removed_from_the_registry_loses_its_schedule(monkeypatch):
    sync_schedules()
    monkeypatch.setattr("tremplin.ops.registry.JOBS", [j for j in JOBS if j.name != "expire_referrals"])
    sync_schedules()
    assert not Schedule.objects.filter(name="tremplin:expire_referrals").exists()
    assert Schedule.objects.filter(name="tremplin:send_due_messages").exists()


@pytest.mark.django_db
def test_the_scheduler_runs_a_due_job_and_records_it(make_person, sms_outbox):
    """django-q2's own scheduler (run inline in tests: sync mode) starts run_job, which sends the message."""
    from django_q.scheduler import scheduler

    queue_message(
        make_person(),
        kind="other",
        subject="Information",
        body="Texte",
        sms_body="Votre atelier est demain.",
        due_at=timezone.now(),
        dedupe_key="test:scheduler",
    )
    sync_schedules()
    Schedule.objects.filter(name="tremplin:send_due_messages").update(next_run=timezone.now() - timedelta(seconds=1))
    scheduler()
    assert [sms.text for sms in sms_outbox] == ["Votre atelier est demain."]
    run = JobRun.objects.get(job="send_due_messages")
    assert run.outcome == JobRun.Outcome.OK and run.finished_at is not None
    assert "sent=1" in run.output
    assert run.counts == {"sent": 1, "retried": 0, "failed": 0, "expired": 0, "to_call": 0, "interrupted": 0}


@pytest.mark.django_db
def test_the_scheduler_process_queues_a_due_job_by_itself(make_person, sms_outbox):
    """`manage.py run_scheduler` (systemd tremplin-scheduler, the Procfile's `scheduler`): its first pass makes
    the schedules and queues what is due; the task runs inline here (sync mode), in the worker elsewhere."""
    from django.core.management import call_command

    queue_message(
        make_person(),
        kind="other",
        subject="Information",
        body="Texte",
        sms_body="Votre atelier est demain.",
        due_at=timezone.now(),
        dedupe_key="test:scheduler-process",
    )
    Schedule.objects.all().delete()
    call_command("run_scheduler", "--once", stdout=io.StringIO())
    assert [sms.text for sms in sms_outbox] == ["Votre atelier est demain."]
    assert Schedule.objects.filter(name__startswith="tremplin:").count() == sum(job.installed for job in JOBS)
    assert JobRun.objects.get(job="send_due_messages").outcome == JobRun.Outcome.OK


def test_a_worker_without_scheduler_queues_nothing_itself(monkeypatch):
    """`run_worker --no-scheduler` (production: the scheduler is its own process) starts the cluster with
    django-q2's scheduler switched off and makes no pass itself; alone, `run_worker` is both."""
    from django.core.management import call_command
    from django_q.conf import Conf

    from tremplin.ops.management.commands import run_worker

    started, passes = [], []
    monkeypatch.setattr(Conf, "SCHEDULER", True)
    monkeypatch.setattr(run_worker, "call_command", lambda name: started.append((name, Conf.SCHEDULER)))
    monkeypatch.setattr(run_worker, "scheduler", lambda: passes.append(1))
    monkeypatch.setattr(run_worker, "sync_schedules", lambda: passes.append(0))
    call_command("run_worker", "--no-scheduler")
    assert started == [("qcluster", False)] and passes == []
    monkeypatch.setattr(Conf, "SCHEDULER", True)
    call_command("run_worker")
    assert started[-1] == ("qcluster", True) and passes == [0, 1]


@pytest.mark.django_db
def test_a_failing_job_is_recorded_as_failed_and_does_not_raise(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(jobs, "call_command", boom)
    assert run_job("expire_referrals") == JobRun.Outcome.FAILED
    run = JobRun.objects.get()
    assert run.outcome == JobRun.Outcome.FAILED and "RuntimeError" in run.output


@pytest.mark.django_db
def test_a_broken_cash_journal_fails_the_job_without_stopping_the_worker(monkeypatch):
    def exits(*args, **kwargs):
        raise SystemExit(1)

    monkeypatch.setattr(jobs, "call_command", exits)
    assert run_job("verify_cash_journal") == JobRun.Outcome.FAILED


def _run(job, at, outcome=JobRun.Outcome.OK):
    return JobRun.objects.create(job=job, started_at=at, finished_at=at, outcome=outcome)


@pytest.mark.django_db
def test_a_job_is_late_after_twice_its_period_without_a_run():
    with time_machine.travel(NOON, tick=False):
        sync_schedules()
        _run("send_due_messages", NOON - 2 * MINUTE + timedelta(seconds=1))
        _run("expire_referrals", NOON - 2 * DAY - timedelta(seconds=1))
        statuses = {status.job.name: status for status in job_statuses()}
    assert not statuses["send_due_messages"].late
    assert statuses["expire_referrals"].late
    # Never run, but due less than a period ago: not late yet.
    assert not statuses["send_referral_reminders"].late


def test_a_job_never_run_is_late_once_due_a_full_period_ago():
    job = Job("x", "x", every=DAY, at=time(2, 0))
    job_installed = Job("send_due_messages", "x", every=MINUTE)
    assert not jobs.is_late(job, None, NOON - 3 * DAY, NOON)  # not installed: never late
    assert jobs.is_late(job_installed, None, NOON - 2 * MINUTE, NOON)
    assert not jobs.is_late(job_installed, None, NOON - MINUTE + timedelta(seconds=1), NOON)


@pytest.mark.django_db
def test_jobs_page_for_the_national_team_only(client_as):
    sync_schedules()
    _run("send_due_messages", timezone.now())
    response = client_as("network_admin").get("/exploitation/taches/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "send_due_messages" in content and "chaque minute" in content and "Réussie" in content
    assert "chaque jour à 02:00" in content


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["site_manager", "mediator", "observer", "referrer"])
def test_jobs_page_is_not_found_for_other_roles(client_as, role):
    assert client_as(role).get("/exploitation/taches/").status_code == 404


@pytest.mark.django_db
def test_home_of_the_national_team_warns_of_a_late_job(client_as):
    sync_schedules()
    client = client_as("network_admin")
    now = timezone.now()
    for job in JOBS:
        _run(job.name, now)
    assert "tâche planifiée en retard" not in client.get("/").content.decode()
    _run("send_due_messages", now - timedelta(hours=1))
    JobRun.objects.filter(job="send_due_messages", started_at=now).delete()
    content = client.get("/").content.decode()
    assert "tâche planifiée en retard" in content and "/exploitation/taches/" in content


@pytest.mark.django_db
def test_an_invitation_e_mail_leaves_from_the_worker_after_commit(make_user, django_capture_on_commit_callbacks):
    from tremplin.accounts.services import invite_user

    admin = make_user("network_admin")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite_user(admin, email="nouvelle@example.org", full_name="Nouvelle Personne", role="observer")
    assert mail.outbox == []  # nothing sent inside the request's transaction
    for callback in callbacks:
        callback()  # the commit: the e-mail is handed to the worker (django-q2, run inline in tests)
    assert [message.to for message in mail.outbox] == [["nouvelle@example.org"]]


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_runs_of_the_sending_job_at_once_send_each_message_once(make_person, sms_outbox):
    person = make_person()
    for number in range(15):
        queue_message(
            person,
            kind="other",
            subject="Information",
            body="Texte",
            sms_body=f"Message {number}",
            due_at=timezone.now() - timedelta(minutes=1),
            dedupe_key=f"test:twice:{number}",
        )
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            run_job("send_due_messages")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(sms.text for sms in sms_outbox) == sorted(f"Message {n}" for n in range(15))
    assert Message.objects.filter(status=Status.SENT).count() == 15
    assert JobRun.objects.filter(job="send_due_messages", outcome=JobRun.Outcome.OK).count() == 2


def test_a_background_e_mail_can_be_pickled_after_it_is_sent_through_the_console(settings, capsys):
    """django-q pickles a task's arguments after it runs: the message must not keep the console's stream
    (found with `make run`: 'cannot pickle _io.TextIOWrapper' for every e-mail, left in the queue)."""
    import pickle

    from django.core.mail import EmailMessage

    from tremplin.ops.jobs import send_email

    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    message = EmailMessage("Tremplin — essai", "Corps", None, ["equipe@example.org"])

    assert send_email(message) is True
    assert "Corps" in capsys.readouterr().out  # printed on the console (the subject is MIME-encoded there)
    assert pickle.loads(pickle.dumps(message)).subject == "Tremplin — essai"  # noqa: S301 — our own bytes


# --- the French summary of a run -------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_job_run_keeps_its_counts_and_the_page_says_them_in_french(login, make_user):
    from tremplin.ops.jobs import job_named, run_summary

    assert run_job("purge_message_bodies") == JobRun.Outcome.OK
    run = JobRun.objects.get(job="purge_message_bodies")
    assert run.counts == {"erased": 0} and run.output == "erased=0"
    assert run_summary(job_named("purge_message_bodies"), run) == "Aucun texte de message à effacer."

    JobRun.objects.create(
        job="send_due_messages",
        started_at=timezone.now(),
        finished_at=timezone.now(),
        outcome="ok",
        output="sent=3 retried=0 failed=1 expired=0 to_call=2 interrupted=0",
        counts={"sent": 3, "retried": 0, "failed": 1, "expired": 0, "to_call": 2, "interrupted": 0},
    )
    page = login(make_user("network_admin")).get(reverse("ops:jobs")).content.decode()
    assert "3 messages envoyés ; 1 en échec ; 2 messages à transmettre par téléphone." in page
    # The raw output is only inside the disclosure, for the national team.
    before, _sep, after = page.partition('<details class="job-output"><summary>Sortie de la commande</summary>')
    assert after and "sent=3" not in before
    assert "<pre><code>sent=3 retried=0 failed=1 expired=0 to_call=2 interrupted=0</code></pre></details>" in page


@pytest.mark.parametrize(
    ("name", "counts", "output", "expected"),
    [
        ("release_expired_reservations", {"released": 2}, "", "2 réservations expirées levées."),
        (
            "expire_referrals",
            {"expired": 1, "callbacks_deleted": 0},
            "",
            "1 orientation expirée.",
        ),
        ("send_referral_reminders", {"sites": 4}, "", "4 espaces rappelés."),
        ("remind_missing_followups", {"created": 1}, "", "1 rappel de diagnostic de suivi créé."),
        ("refresh_open_data", {}, "12 lieux", "12 lieux publiés à jour."),
        ("close_cash_periods", {"closed": 0, "refused": 0}, "", "Aucune clôture mensuelle ou annuelle à faire."),
        ("close_cash_periods", {"closed": 2, "refused": 1}, "", "2 clôtures faites ; 1 refusée (voir la sortie)."),
        (
            "verify_cash_journal",
            {"tickets": 40, "closures": 2, "problems": 0},
            "",
            "Journal de caisse intègre ; 40 tickets vérifiés.",
        ),
        (
            "verify_cash_journal",
            {"tickets": 40, "closures": 2, "problems": 3},
            "",
            "Journal de caisse altéré ; 3 anomalies ; 40 tickets vérifiés.",
        ),
        ("apply_retention", {"anonymised": 5, "skipped": 0}, "", "5 fiches anonymisées."),
        ("purge_access_log", {"summarised": 120}, "", "120 entrées anciennes remplacées par les décomptes mensuels."),
        ("send_due_messages", {"sent": 0, "failed": 0}, "", "Aucun message à envoyer."),
        ("send_due_messages", {"sent": 1}, "", "1 message envoyé."),
        ("apply_retention", {"anonymised": 0, "skipped": 0}, "", "Aucune fiche à anonymiser."),
        (
            "apply_retention",
            {"anonymised": 0, "skipped": 0, "referrals": 2},
            "",
            "2 orientations sans fiche anonymisées.",
        ),
        (
            "expire_referrals",
            {"expired": 0, "callbacks_deleted": 2},
            "",
            "2 demandes de rappel supprimées.",
        ),
    ],
)
def test_every_job_has_a_french_summary(name, counts, output, expected):
    from tremplin.ops.jobs import job_named, run_summary

    run = JobRun(job=name, started_at=timezone.now(), outcome="ok", counts=counts, output=output)
    assert run_summary(job_named(name), run) == expected


def test_every_registered_job_says_its_runs_in_french():
    from tremplin.ops.registry import JOBS

    assert all(job.describe is not None for job in JOBS)


def test_a_failed_run_says_where_to_look_not_the_error_text():
    from tremplin.ops.jobs import job_named, run_summary

    run = JobRun(job="expire_referrals", started_at=timezone.now(), outcome="failed", output="RuntimeError")
    summary = run_summary(job_named("expire_referrals"), run)
    assert summary == "La tâche a échoué : l'équipe technique trouve la cause dans les journaux du serveur."


def test_the_output_is_scrubbed_of_addresses_and_phone_numbers():
    from tremplin.ops.jobs import scrub

    text = (
        "sent to amina.diallo@example.org and +33 6 12 34 56 78, 06.12.34.56.78; "
        "before=2025-11-30 hash 3fa4c81b09d2e7aa"
    )
    assert scrub(text) == (
        "sent to [adresse masquée] and [téléphone masqué], [téléphone masqué]; before=2025-11-30 hash 3fa4c81b09d2e7aa"
    )


@pytest.mark.django_db
def test_a_command_run_by_hand_reports_nothing_and_still_prints(capsys):
    from django.core.management import call_command

    call_command("purge_message_bodies")
    assert "erased=0" in capsys.readouterr().out
