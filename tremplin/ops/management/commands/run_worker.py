"""The background process: django-q2's cluster (worker and scheduler in one), see tremplin/ops/jobs.py.

Before starting the cluster it makes the schedules match the registry and enqueues the jobs already due, so
that after a restart (or at `make run`) a due reminder leaves at once rather than at the scheduler's next pass.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django_q.scheduler import scheduler

from tremplin.ops.jobs import sync_schedules


class Command(BaseCommand):
    help = "Démarre le processus des tâches de fond (envois, rappels, tâches planifiées). Ctrl-C l'arrête."

    def handle(self, *args, **options):
        sync_schedules()
        scheduler()
        call_command("qcluster")
