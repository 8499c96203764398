"""Name search and lists at scale (issue #14): the lists' sort order as an index, and each engine's
name-search index — SQLite: FTS5 trigram table + triggers; PostgreSQL: the trigram operator priced so
that the planner uses the GIN index of 0004 (see tremplin/people/search_index.py)."""

from django.db import migrations, models


def install(apps, schema_editor):
    from tremplin.people.search_index import ensure_search_index

    ensure_search_index(schema_editor.connection)


def uninstall(apps, schema_editor):
    from tremplin.people.search_index import drop_search_index

    drop_search_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0011_information_notice_version_1"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="beneficiary",
            index=models.Index(fields=["last_name", "first_name", "id"], name="beneficiary_name_order_idx"),
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
