from django.apps import AppConfig
from django.db.models.signals import post_migrate


def refresh_sqlite_statistics(sender, using, **kwargs):
    """SQLite has no autovacuum/analyze: without statistics its planner picks poor indexes for the
    scoped lists (see docs/performance.md). Refresh them after each migrate (make run migrates at start)."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class CoreConfig(AppConfig):
    name = "tremplin.core"
    label = "core"

    def ready(self):
        # Sent once per app after migrate; listening for core's own signal runs it once.
        post_migrate.connect(refresh_sqlite_statistics, sender=self, dispatch_uid="core.sqlite_analyze")
