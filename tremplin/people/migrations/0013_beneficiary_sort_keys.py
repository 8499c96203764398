"""The people lists sort on folded names (no case, no accents): two stored sort keys, filled here for the
existing records, and the list-order index moved onto them (people.names.sort_key, docs/performance.md).

The key function is imported from the app on purpose, as in 0008: this migration applies the rule of the
code that runs it. Reverse: the columns and the new index go, the old index comes back.
"""

from django.conf import settings
from django.db import migrations, models

BATCH = 500


def fill_sort_keys(apps, schema_editor):
    from tremplin.people.names import sort_key

    Beneficiary = apps.get_model("people", "Beneficiary")
    # Batches of primary keys rather than one open cursor (see 0008).
    pks = list(Beneficiary.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        rows = list(Beneficiary.objects.filter(pk__in=pks[start : start + BATCH]).only("pk", "first_name", "last_name"))
        for person in rows:
            person.sort_last_name = sort_key(person.last_name)
            person.sort_first_name = sort_key(person.first_name)
        Beneficiary.objects.bulk_update(rows, ["sort_last_name", "sort_first_name"])


class Migration(migrations.Migration):

    dependencies = [
        ('network', '0004_overseas_phone_numbers'),
        ('people', '0012_search_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='beneficiary',
            options={'ordering': ['sort_last_name', 'sort_first_name', 'id'], 'verbose_name': 'personne accompagnée', 'verbose_name_plural': 'personnes accompagnées'},
        ),
        migrations.RemoveIndex(
            model_name='beneficiary',
            name='beneficiary_name_order_idx',
        ),
        migrations.AddField(
            model_name='beneficiary',
            name='sort_first_name',
            field=models.CharField(default='', editable=False, max_length=100),
        ),
        migrations.AddField(
            model_name='beneficiary',
            name='sort_last_name',
            field=models.CharField(default='', editable=False, max_length=100),
        ),
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name='beneficiary',
            index=models.Index(fields=['sort_last_name', 'sort_first_name', 'id'], name='beneficiary_sort_order_idx'),
        ),
    ]
