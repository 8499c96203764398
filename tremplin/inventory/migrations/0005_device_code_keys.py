"""Label lookups on compact keys (issue #14): two columns filled for every existing device, then indexed."""

import re

from django.conf import settings
from django.db import migrations, models

# core.formfields.IDENTIFIER_SEPARATORS as of this migration (a migration keeps its own copy).
SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d\uff0e]+")
BATCH = 2000


def key(text):
    return SEPARATORS.sub("", (text or "").strip()).upper()


def fill_keys(apps, schema_editor):
    Device = apps.get_model("inventory", "Device")
    rows = Device.objects.order_by("pk").only("pk", "asset_tag", "serial_number")
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last)[:BATCH])
        if not batch:
            return
        for device in batch:
            device.asset_tag_key = key(device.asset_tag)
            device.serial_key = key(device.serial_number)
        Device.objects.bulk_update(batch, ["asset_tag_key", "serial_key"])
        last = batch[-1].pk


class Migration(migrations.Migration):

    dependencies = [
        ('inventory', '0004_lookup_and_dashboard_indexes'),
        ('network', '0004_overseas_phone_numbers'),
        ('people', '0012_search_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='device',
            name='device_asset_tag_upper_idx',
        ),
        migrations.RemoveIndex(
            model_name='device',
            name='device_serial_upper_idx',
        ),
        migrations.AddField(
            model_name='device',
            name='asset_tag_key',
            field=models.CharField(default='', editable=False, max_length=24),
        ),
        migrations.AddField(
            model_name='device',
            name='serial_key',
            field=models.CharField(blank=True, default='', editable=False, max_length=60),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='device',
            index=models.Index(fields=['asset_tag_key'], name='device_asset_tag_key_idx'),
        ),
        migrations.AddIndex(
            model_name='device',
            index=models.Index(fields=['serial_key'], name='device_serial_key_idx'),
        ),
        migrations.AddIndex(
            model_name='device',
            index=models.Index(fields=['-received_at', '-id'], name='device_list_order_idx'),
        ),
        migrations.AddIndex(
            model_name='device',
            index=models.Index(fields=['site', '-received_at', '-id'], name='device_site_list_order_idx'),
        ),
    ]
