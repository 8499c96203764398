"""Re-read stored phone numbers with the overseas numbering plans (+33 6 93… → +262 6 93…).

Not reversible on purpose (see core.phones.renormalise_stored_phones): going back is a no-op.
"""

from django.db import migrations

from tremplin.core.phones import renormalise_stored_phones


def forwards(apps, schema_editor):
    renormalise_stored_phones(apps.get_model("referrals", "Referral"), "phone")


class Migration(migrations.Migration):
    dependencies = [("referrals", "0003_open_inbox_index")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
