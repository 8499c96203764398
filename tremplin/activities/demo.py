"""About thirty fictitious activity records at the demo sites (idempotent: keyed by source "demo")."""

import random
from datetime import timedelta

from django.utils import timezone

from tremplin.people.models import Beneficiary

from . import choices
from .models import Activity

COUNT = 30
# (site key, account recording there)
AUTHORS = [
    ("lyon", "mediatrice.lyon"),
    ("villeurbanne", "mediateur.villeurbanne"),
    ("lyon", "benevole.lyon"),
    ("saint-etienne", "responsable.saint-etienne"),
]
COLLECTIVE_TITLES = [
    "Café numérique",
    "Premiers pas sur le smartphone",
    "Créer son adresse e-mail",
    "Ameli et France Connect",
]


def seed(demo):
    rng = random.Random(2026)  # noqa: S311 - fake demo data
    today = timezone.localdate()
    everyday = [value for value, _label in choices.thematique_choices("non_administratives")]
    procedures = [value for value, _label in choices.thematique_choices("administratives")]
    for index in range(COUNT):
        site_key, author_key = AUTHORS[index % len(AUTHORS)]
        site, author = demo.sites.get(site_key), demo.users.get(author_key)
        if site is None or author is None:
            continue
        people = list(Beneficiary.objects.filter(sites=site).active().order_by("pk")[:20])
        collective = index % 5 == 4
        thematiques = rng.sample(everyday, 2)
        if rng.random() < 0.3:
            thematiques = [choices.ADMIN_PROCEDURES, rng.choice(procedures)]
        fields = {
            "site": site,
            "recorded_by": author,
            "date": today - timedelta(days=rng.randint(0, 60)),
            "kind": choices.COLLECTIVE if collective else choices.INDIVIDUAL,
            "duration": rng.choice([90, 120]) if collective else rng.choice(choices.duration_presets()[:4]),
            "thematiques": thematiques,
            "equipment": [rng.choice(["ordinateur", "telephone", "tablette"])],
            "autonomy": "" if collective else rng.choice([value for value, _label in choices.autonomy_choices()]),
            "level": "debutant" if collective else "",
            "title": rng.choice(COLLECTIVE_TITLES) if collective else "",
            "place": choices.AT_SITE,
            "participant_count": rng.randint(3, 8) if collective else 1,
            # One individual record in three stays anonymous, as the national model allows.
            "beneficiary": people[index % len(people)] if people and not collective and index % 3 else None,
        }
        activity, _created = Activity.objects.update_or_create(source="demo", source_id=str(index), defaults=fields)
        if collective and people:
            activity.participants.set(people[: min(3, activity.participant_count)])
