from django.db import connection

from tremplin.core.apps import refresh_sqlite_statistics


def test_migrate_leaves_planner_statistics_on_sqlite(db):
    refresh_sqlite_statistics(sender=None, using="default")

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            assert cursor.fetchone()[0] == 1
        else:
            # Other databases keep their own statistics (autovacuum): nothing is run there.
            cursor.execute("SELECT 1")
            assert cursor.fetchone()[0] == 1
