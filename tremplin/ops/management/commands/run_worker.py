"""The background process: django-q2's cluster (worker pool, and the scheduler unless told not to), see
tremplin/ops/jobs.py.

Production runs the scheduler as its own process (`manage.py run_scheduler`, deploy/systemd/tremplin-scheduler
.service) and the worker with `--no-scheduler`, so that workers can be added without adding schedulers. Alone
(`manage.py run_worker`), it is both: before starting the cluster it makes the schedules match the registry and
enqueues the jobs already due, so that after a restart a due reminder leaves at once rather than at the
scheduler's next pass.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django_q.conf import Conf
from django_q.scheduler import scheduler

from tremplin.ops.jobs import sync_schedules


class Command(BaseCommand):
    help = "Démarre le processus des tâches de fond (envois, rappels, tâches planifiées). Ctrl-C l'arrête."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="n'exécute que les tâches mises en file ; le planificateur tourne à part (manage.py run_scheduler)",
        )

    def handle(self, *args, no_scheduler=False, **options):
        if no_scheduler:
            # Read by the cluster's guard loop, in the processes it forks from this one.
            Conf.SCHEDULER = False
        else:
            sync_schedules()
            scheduler()
        call_command("qcluster")
