"""One fake person at Lyon whose record nears the end of its retention (no contact for 23 months and a half), so
that the demo shows Lyon's site manager the « Fiches bientôt anonymisées » page and the warning on their home
page, and lets them try « Noter un contact ». Like every demo person, entirely fictitious.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from tremplin.people.models import Beneficiary

from .retention import months_before

PHONE = "+33639980099"  # the demo's fake range (people/demo.py), kept apart from its 25 people
DAYS_LEFT = 15


def seed(demo):
    site = demo.sites.get("lyon")
    if site is None or Beneficiary.objects.filter(phone=PHONE).exists():
        return
    last_contact = months_before(timezone.now(), settings.TREMPLIN_RETENTION_MONTHS) + timedelta(days=DAYS_LEFT)
    person = Beneficiary.objects.create(
        first_name="Gaston",
        last_name="Ferrandière",
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
