"""Rebuild every stored search key with the transliterating fold and the birth-name/compact words.

Keys were built by a fold that turned letters without a Unicode decomposition into spaces ("Søren" ->
"s ren"), so `soren` found nobody. The key function is imported from the app on purpose: this migration
applies the rule of the code that runs it (a later change of the rule ships its own rebuild).

Reverse: nothing to undo. The rebuilt keys are a superset of the old words for every name the old
fold kept, so the previous code still finds everyone it found before.
"""

from django.db import migrations

BATCH = 500


def rebuild_search_names(apps, schema_editor):
    from tremplin.people.names import search_key

    Beneficiary = apps.get_model("people", "Beneficiary")
    # Batches of primary keys rather than one open cursor: SQLite does not isolate a cursor being read
    # from updates of the same table on the same connection.
    pks = list(Beneficiary.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        rows = Beneficiary.objects.filter(pk__in=pks[start : start + BATCH])
        changed = []
        for person in rows.only("pk", "first_name", "last_name", "birth_name", "search_name"):
            key = search_key(person.first_name, person.last_name, person.birth_name)
            if key != person.search_name:
                person.search_name = key
                changed.append(person)
        Beneficiary.objects.bulk_update(changed, ["search_name"])

class Migration(migrations.Migration):
    dependencies = [
        ("people", "0007_beneficiary_birth_name"),
    ]

    operations = [
        migrations.RunPython(rebuild_search_names, migrations.RunPython.noop, elidable=False),
    ]
