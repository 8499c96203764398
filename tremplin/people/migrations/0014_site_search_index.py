"""Name search per site on SQLite (issue #14): the FTS5 table `people_site_name_fts`, one entry per site link,
so that a search reads the matches of the user's sites only (tremplin/people/search_index.py,
docs/performance.md "Name search per site").

Made and filled by post_migrate, after every migration of the run: its triggers name two tables and would
stop a later migration from rebuilding either (people.search_index.suspend_site_index). Reverse: the table
and its triggers go. Nothing on PostgreSQL.
"""

from django.db import migrations


def uninstall(apps, schema_editor):
    from tremplin.people.search_index import drop_site_index

    drop_site_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0013_beneficiary_sort_keys"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, uninstall, elidable=False),
    ]
