"""Run one scheduled job now, recorded like the scheduler's runs: manage.py run_job send_due_messages."""

from django.core.management.base import BaseCommand, CommandError

from tremplin.ops.jobs import jobs, run_job


class Command(BaseCommand):
    help = "Lance tout de suite une tâche planifiée (enregistrée comme une exécution du planificateur)."

    def add_arguments(self, parser):
        parser.add_argument("job", help="nom de la tâche (voir la page Tâches planifiées)")

    def handle(self, *args, job, **options):
        names = [j.name for j in jobs() if j.installed]
        if job not in names:
            raise CommandError(f"Tâche inconnue : {job} (tâches : {', '.join(names)})")
        self.stdout.write(f"{job}: {run_job(job)}")
