"""PostgreSQL fuzzy search: the pg_trgm extension and a GIN trigram index on search_name.

`search_name` is already lower-case and accent-free (normalised in Python on save, the same function
normalises the query), so unaccent() is not needed at query time. On SQLite both steps are no-ops.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "people_beneficiary_search_name_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON people_beneficiary USING gin (search_name gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_beneficiary_origin_consent_eligibilityrecord"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
