"""Job runs keep the counts the command reported (the jobs page's French summary) apart from its raw output."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ops", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="jobrun", old_name="summary", new_name="output"),
        migrations.AlterField(
            model_name="jobrun",
            name="output",
            field=models.CharField(blank=True, max_length=500, verbose_name="sortie de la commande"),
        ),
        migrations.AddField(
            model_name="jobrun",
            name="counts",
            field=models.JSONField(blank=True, default=dict, verbose_name="décomptes"),
        ),
    ]
