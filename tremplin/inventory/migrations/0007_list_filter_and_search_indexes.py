"""Device list (issue #14): indexes in the list's order for its status and category filters, and on PostgreSQL
GIN trigram indexes for the search box's "brand or model contains" (DeviceQuerySet.search()).

The trigram indexes are on the expressions Django writes for `icontains` on PostgreSQL,
`UPPER("model_name"::text) LIKE UPPER(%s)`; pg_trgm is installed by people 0004. SQLite has no such index
(its LIKE reads the site's devices): the step is a no-op there. The table is analysed afterwards: PostgreSQL
keeps statistics of an expression index's values only from the next ANALYZE.
"""

from django.db import migrations, models

TRIGRAM_INDEXES = {
    "device_model_name_trgm": "model_name",
    "device_brand_trgm": "brand",
}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, column in TRIGRAM_INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON inventory_device USING gin (UPPER({column}::text) gin_trgm_ops)"
            )
        # Statistics of the indexed expressions: without them the planner guesses a handful of matches for any
        # text and sorts every match for page 1 instead of walking the list's order (seen with EXPLAIN ANALYZE).
        schema_editor.execute("ANALYZE inventory_device")


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in TRIGRAM_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0006_stock_counts"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="device",
            index=models.Index(
                fields=["site", "status", "category", "-received_at", "-id"], name="device_site_filter_order_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="device",
            index=models.Index(fields=["status", "category", "-received_at", "-id"], name="device_filter_order_idx"),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
