"""Re-read the sites' and partners' stored phone numbers with the overseas numbering plans.

Not reversible on purpose (see core.phones.renormalise_stored_phones): going back is a no-op.
"""

from django.db import migrations

from tremplin.core.phones import renormalise_stored_phones


def forwards(apps, schema_editor):
    renormalise_stored_phones(apps.get_model("network", "Site"), "phone")
    renormalise_stored_phones(apps.get_model("network", "PartnerOrganisation"), "contact_phone")


class Migration(migrations.Migration):
    dependencies = [("network", "0003_site_time_zone")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
