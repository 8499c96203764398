"""Consents recorded without their notice (the demo's, before this fix) point to the published notice whose
version they name, so « Personnes informées » on the notice list counts them."""

from django.db import migrations


def link(apps, schema_editor):
    Consent = apps.get_model("people", "Consent")
    InformationNotice = apps.get_model("people", "InformationNotice")
    for notice in InformationNotice.objects.filter(published_at__isnull=False):
        Consent.objects.filter(notice__isnull=True, notice_version=str(notice.version)).update(notice=notice)


class Migration(migrations.Migration):
    dependencies = [("people", "0014_site_search_index")]
    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
