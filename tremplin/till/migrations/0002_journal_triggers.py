"""PostgreSQL refuses any UPDATE or DELETE of the cash journal's rows, raw SQL included.

SQLite (the embedded default) gets the same refusal from the ORM only; the verifier detects any change.
TRUNCATE is left to the tables' owner (test databases are flushed with it); the application's database
role holds INSERT and SELECT only on these tables in production (docs/operations.md), and a deleted tail
is detected by the verifier against the closures' anchor file.
"""

from django.db import migrations

TABLES = ["till_sale", "till_saleline", "till_payment", "till_closure", "till_journalevent", "till_receiptprint"]

FUNCTION = """
CREATE OR REPLACE FUNCTION till_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Le journal de caisse est inaltérable (% sur %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)  # no placeholders: the "%" are PL/pgSQL format marks
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION till_refuse_change()"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS till_refuse_change()")


class Migration(migrations.Migration):
    dependencies = [("till", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
