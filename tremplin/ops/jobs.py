"""Running the scheduled jobs with django-q2: schedules from the registry, one recorded run per execution.

The `qcluster` process (started by `make run`, a systemd unit in production) reads django-q2's Schedule rows
every 30 seconds and runs `run_job(name)` for each due one; `sync_schedules()` (after every migrate) makes those
rows match registry.JOBS. `send_email_later()` is how the app sends an e-mail without waiting for the mail
server inside the request.
"""

import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.management import call_command, get_commands
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger("tremplin.jobs")

SCHEDULE_PREFIX = "tremplin:"
RUN_FUNC = "tremplin.ops.jobs.run_job"


@dataclass(frozen=True)
class Job:
    name: str  # the management command, and the job's id
    label: str
    every: timedelta
    at: time | None = None  # daily jobs: local time of day
    # counts (and the raw output, for a command that reports no counts) -> a short French sentence
    describe: Callable | None = None

    @property
    def installed(self):
        return self.name in get_commands()

    @property
    def schedule_label(self):
        from django.utils.formats import time_format
        from django.utils.translation import gettext as _
        from django.utils.translation import ngettext

        if self.at is not None:
            return _("chaque jour à %(time)s") % {"time": time_format(self.at, "H:i")}
        minutes = int(self.every.total_seconds() // 60)
        if minutes % 60 == 0:
            hours = minutes // 60
            return ngettext("toutes les heures", "toutes les %(count)s heures", hours) % {"count": hours}
        return ngettext("chaque minute", "toutes les %(count)s minutes", minutes) % {"count": minutes}


def run_summary(job, run):
    """What the jobs page says of a run, in the reader's language: never the command's raw output."""
    from django.utils.translation import gettext as _

    from .models import JobRun

    if run.outcome == JobRun.Outcome.RUNNING:
        return _("En cours.")
    if run.outcome == JobRun.Outcome.FAILED:
        return _("La tâche a échoué : l'équipe technique trouve la cause dans les journaux du serveur.")
    text = job.describe(run.counts or {}, run.output) if job.describe else ""
    return text or _("Terminée.")


# The commands print counts and codes only; these patterns are a safety net should one ever print more.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w.])\+?\d(?:[ .-]?\d){8,13}(?![\w.])")


def scrub(text):
    """The output with anything shaped like an e-mail address or a phone number masked."""
    return _PHONE.sub("[téléphone masqué]", _EMAIL.sub("[adresse masquée]", text))


def jobs():
    from .registry import JOBS

    return JOBS


def job_named(name):
    for job in jobs():
        if job.name == name:
            return job
    raise KeyError(name)


def run_job(name):
    """Run one job now and record it (JobRun). Never raises: a failure is recorded and logged by class only."""
    from tremplin.core.jobreport import collecting

    from .models import JobRun

    job = job_named(name)
    run = JobRun.objects.create(job=job.name, started_at=timezone.now())
    out = io.StringIO()
    outcome = JobRun.Outcome.OK
    with collecting() as counts:
        try:
            call_command(job.name, stdout=out, stderr=out)
        except SystemExit as exit_:  # verify_cash_journal exits 1 when the journal is broken
            outcome = JobRun.Outcome.FAILED if exit_.code else JobRun.Outcome.OK
        except Exception as error:
            outcome = JobRun.Outcome.FAILED
            out.write(f"\n{type(error).__name__}")
            logger.exception("job %s failed", job.name)
    output = scrub(" ".join(out.getvalue().split()))[-500:]
    JobRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), outcome=outcome, output=output, counts=counts)
    logger.info("job %s %s", job.name, outcome)
    return outcome


def _next_daily(at, now):
    local = timezone.localtime(now)
    candidate = timezone.make_aware(datetime.combine(local.date(), at))
    return candidate if candidate > now else candidate + timedelta(days=1)


def sync_schedules(now=None):
    """Make django-q2's Schedule rows match the registry (idempotent; run after every migrate)."""
    from django_q.models import Schedule

    now = now or timezone.now()
    wanted = set()
    with transaction.atomic():
        for job in jobs():
            if not job.installed:
                continue
            name = SCHEDULE_PREFIX + job.name
            wanted.add(name)
            if job.at is not None:
                fields = {"schedule_type": Schedule.DAILY, "minutes": None}
            else:
                fields = {"schedule_type": Schedule.MINUTES, "minutes": int(job.every.total_seconds() // 60)}
            fields.update(func=RUN_FUNC, args=repr(job.name), repeats=-1)
            schedule = Schedule.objects.filter(name=name).first()
            first_run = _next_daily(job.at, now) if job.at is not None else now
            if schedule is None:
                Schedule.objects.create(name=name, next_run=first_run, **fields)
                continue
            changed = any(getattr(schedule, key) != value for key, value in fields.items())
            if job.at is not None and timezone.localtime(schedule.next_run).time() != job.at:
                changed = True
            if changed:
                for key, value in fields.items():
                    setattr(schedule, key, value)
                schedule.next_run = first_run
                schedule.save()
        Schedule.objects.filter(name__startswith=SCHEDULE_PREFIX).exclude(name__in=wanted).delete()


@dataclass
class JobStatus:
    job: Job
    last_run: object  # JobRun or None
    last_ok: object  # JobRun or None
    next_run: object  # datetime or None
    late: bool

    @property
    def summary(self):
        return run_summary(self.job, self.last_run) if self.last_run else ""


def job_statuses(now=None):
    """Each job with its last run, last success, next run, and whether it is late (no run for 2 periods)."""
    from django_q.models import Schedule

    from .models import JobRun

    now = now or timezone.now()
    schedules = dict(Schedule.objects.filter(name__startswith=SCHEDULE_PREFIX).values_list("name", "next_run"))
    last_run = _latest(JobRun.objects.all())
    last_ok = _latest(JobRun.objects.filter(outcome=JobRun.Outcome.OK))
    statuses = []
    for job in jobs():
        run = last_run.get(job.name)
        next_run = schedules.get(SCHEDULE_PREFIX + job.name)
        statuses.append(JobStatus(job, run, last_ok.get(job.name), next_run, is_late(job, run, next_run, now)))
    return statuses


def _latest(runs):
    """{job: its latest run among `runs`}, in two queries whatever the number of jobs."""
    from django.db.models import Max, Q

    latest = runs.values("job").annotate(at=Max("started_at"))
    condition = Q(pk__in=[])
    for row in latest:
        condition |= Q(job=row["job"], started_at=row["at"])
    found = {}
    for run in runs.filter(condition).order_by("started_at", "pk"):
        found[run.job] = run  # the last one wins when two started at the same instant
    return found


def is_late(job, last_run, next_run, now):
    """Not run for twice its period; a job never run is late once it was due a full period ago."""
    if not job.installed:
        return False
    if last_run is not None:
        return now - last_run.started_at > 2 * job.every
    return next_run is not None and now - next_run > job.every


def late_jobs(now=None):
    return [status for status in job_statuses(now) if status.late]


# --- e-mails in the background --------------------------------------------------------------------


def send_email(message):
    """Task: send one django EmailMessage. A failure is logged by class only (no address, no text).

    `EmailMessage.send()` keeps its connection on the message; django-q pickles the task (its arguments
    included) after it runs, and a console or SMTP connection cannot be pickled: the connection is dropped.
    """
    try:
        message.send(fail_silently=False)
    except Exception as error:
        logger.warning("background e-mail failed: %s", type(error).__name__)
        return False
    finally:
        message.connection = None
    return True


def send_email_later(message):
    """Send `message` (an EmailMessage) from the worker, once the current transaction commits."""
    from django_q.tasks import async_task

    transaction.on_commit(lambda: async_task("tremplin.ops.jobs.send_email", message))
