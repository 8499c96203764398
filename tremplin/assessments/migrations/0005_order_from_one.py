"""Areas and questions are numbered from 1 where people see them (the editor showed « 0. Utiliser un appareil »).

The order is only a sort key: adding 1 to every order of a version (or of an area's questions) that starts at 0
keeps the same sequence, so published versions read exactly as before.
"""

from django.db import migrations, models
from django.db.models import F, Min


def count_from_one(apps, schema_editor):
    Area = apps.get_model("assessments", "Area")
    Item = apps.get_model("assessments", "Item")
    for row in Area.objects.values("questionnaire_id").annotate(first=Min("order")).filter(first=0):
        Area.objects.filter(questionnaire_id=row["questionnaire_id"]).update(order=F("order") + 1)
    for row in Item.objects.values("area_id").annotate(first=Min("order")).filter(first=0):
        Item.objects.filter(area_id=row["area_id"]).update(order=F("order") + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0004_kiosk_context_items_and_retired_versions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="area",
            name="order",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="ordre"),
        ),
        migrations.AlterField(
            model_name="item",
            name="order",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="ordre"),
        ),
        migrations.RunPython(count_from_one, migrations.RunPython.noop),
    ]
