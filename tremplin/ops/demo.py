"""One fake person at Lyon whose record nears the end of its retention (no contact for 23 months and a half), so
that the demo shows Lyon's site manager the « Fiches bientôt anonymisées » page and the warning on their home
page, and lets them try « Noter un contact ». Like every demo person, entirely fictitious.

The other rooms' demos pick people of a site by id or by name (the first 8, 10, 20…): this person's id and name
sort last, and a second `seed_demo` (each `make run`) takes back the demo activities it gave them.
"""

import uuid
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.utils import timezone

from tremplin.people.models import Beneficiary

from .retention import months_before

PHONE = "+33639980099"  # the demo's fake range (people/demo.py), kept apart from its 25 people
PK = uuid.UUID("ffffffff-ffff-4fff-bfff-ffffffffffff")
DAYS_LEFT = 15


def seed(demo):
    site = demo.sites.get("lyon")
    if site is None:
        return
    if Beneficiary.objects.filter(pk=PK).exists():
        if apps.is_installed("tremplin.activities"):
            Activity = apps.get_model("activities", "Activity")
            # One by one through the model: a save marks the statistics' month to refresh.
            for activity in Activity.objects.filter(source="demo", beneficiary_id=PK):
                activity.beneficiary = None
                activity.save()
            for activity in Activity.objects.filter(source="demo", participants=PK):
                activity.participants.remove(PK)
        return
    last_contact = months_before(timezone.now(), settings.TREMPLIN_RETENTION_MONTHS) + timedelta(days=DAYS_LEFT)
    person = Beneficiary.objects.create(
        pk=PK,
        first_name="Gaston",
        last_name="Zobel",
        birth_year=1951,
        phone=PHONE,
        preferred_channel="phone",
        postal_code="69007",
        commune="Lyon",
        languages="français",
    )
    person.sites.add(site)
    # Came once, long ago, and never again: the record's creation is the last contact.
    Beneficiary.objects.filter(pk=person.pk).update(created_at=last_contact)
