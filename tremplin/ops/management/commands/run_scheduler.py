"""The scheduler as its own process: every 30 seconds, queue the jobs whose time has come (django-q2's
scheduler); the worker (`manage.py run_worker --no-scheduler`) runs them. See tremplin/ops/jobs.py.

Several schedulers at once queue each due run once: django-q2 claims the schedule rows with SELECT … FOR UPDATE
(PostgreSQL) and SQLite takes one writer at a time; the jobs are idempotent besides.
"""

import signal
import threading

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext
from django_q.scheduler import scheduler

from tremplin.ops.jobs import sync_schedules


class Command(BaseCommand):
    help = (
        "Démarre le planificateur : toutes les 30 secondes, met en file les tâches planifiées dont l'heure est "
        "venue (le processus manage.py run_worker --no-scheduler les exécute). Ctrl-C l'arrête."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=30, help="secondes entre deux passages (30)")
        parser.add_argument("--once", action="store_true", help="un seul passage, puis s'arrête")

    def handle(self, *args, interval=30, once=False, **options):
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
        sync_schedules()
        passes = 0
        while True:
            scheduler()
            passes += 1
            if once or stop.wait(max(interval, 1)):
                break
        if options["verbosity"]:
            self.stdout.write(
                ngettext(
                    "Planificateur arrêté après %(count)s passage.",
                    "Planificateur arrêté après %(count)s passages.",
                    passes,
                )
                % {"count": passes}
            )
