import uuid

from django.db import migrations, models


def fill_uuids(apps, schema_editor):
    Message = apps.get_model("notifications", "Message")
    for message in Message.objects.filter(uuid__isnull=True).only("pk"):
        message.uuid = uuid.uuid4()
        message.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [
        migrations.AddField(model_name="message", name="uuid", field=models.UUIDField(null=True, editable=False)),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="message",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
        ),
    ]
