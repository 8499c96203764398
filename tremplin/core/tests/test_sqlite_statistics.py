import pytest
from django.conf import settings
from django.db import connection

from tremplin.core.apps import refresh_sqlite_statistics


@pytest.mark.skipif(settings.IS_POSTGRESQL, reason="PostgreSQL keeps its own statistics (autovacuum)")
def test_migrate_leaves_planner_statistics_on_sqlite(db):
    refresh_sqlite_statistics(sender=None, using="default")

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        assert cursor.fetchone()[0] == 1
