"""Demo workshops: a catalogue, three weeks of sessions at the demo sites, a course, a few enrolments.

Idempotent: the catalogue is matched by title, and a site that already has demo sessions is left alone.
Enrolments are written directly (no message is queued for fictitious people).
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from tremplin.people.models import Beneficiary

from .models import Attendance, Course, Enrollment, Session, Workshop

CATALOGUE = [
    {
        "title": "Premiers pas sur smartphone",
        "kind": "one_off",
        "level": "beginner",
        "duration_minutes": 120,
        "default_seats": 8,
        "thematiques": ["prendre_en_main_du_materiel"],
        "description": "Allumer, déverrouiller, appeler, envoyer un SMS et une photo. On apporte son téléphone.",
    },
    {
        "title": "Créer et utiliser sa boîte e-mail",
        "kind": "one_off",
        "level": "beginner",
        "duration_minutes": 120,
        "default_seats": 8,
        "thematiques": ["email"],
        "description": "Créer une adresse, lire et envoyer un message, joindre un document.",
    },
    {
        "title": "Parcours « Débuter avec l'ordinateur »",
        "kind": "course",
        "level": "beginner",
        "duration_minutes": 120,
        "default_seats": 6,
        "session_count": 5,
        "thematiques": ["prendre_en_main_du_materiel", "navigation_sur_internet"],
        "description": "Cinq séances de deux heures pour prendre en main la souris, le clavier et internet.",
    },
    {
        "title": "Mes démarches en ligne : CAF, impôts, France Travail",
        "kind": "one_off",
        "level": "intermediate",
        "duration_minutes": 150,
        "default_seats": 6,
        "thematiques": ["aide_aux_demarches_administratives", "argent_impots"],
        "description": "Se repérer sur les sites publics, créer ses comptes, retrouver ses identifiants.",
    },
    {
        "title": "Se protéger des arnaques en ligne",
        "kind": "one_off",
        "level": "intermediate",
        "duration_minutes": 90,
        "default_seats": 10,
        "thematiques": ["securite_numerique"],
        "description": "Reconnaître un faux message, protéger ses mots de passe, que faire en cas de doute.",
    },
    {
        "title": "Permanence numérique",
        "kind": "drop_in",
        "level": "beginner",
        "duration_minutes": 30,
        "default_seats": 1,
        "thematiques": ["aide_aux_demarches_administratives"],
        "description": "Un créneau de 30 minutes seul·e avec un·e médiateur·rice, pour une question précise.",
    },
]

# (site key, catalogue index, weekday, hour, minute, manager key)
PLAN = [
    ("lyon", 0, 1, 14, 0),
    ("lyon", 1, 3, 9, 30),
    ("lyon", 4, 4, 14, 0),
    ("villeurbanne", 1, 2, 10, 0),
    ("villeurbanne", 3, 4, 14, 0),
    ("saint-etienne", 0, 0, 14, 0),
    ("saint-etienne", 3, 2, 9, 0),
]


def _at(day, hour, minute):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def seed(demo):
    workshops = []
    for data in CATALOGUE:
        workshop, _created = Workshop.objects.update_or_create(title=data["title"], defaults=data)
        workshops.append(workshop)
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    for key, site in demo.sites.items():
        if Session.objects.filter(site=site, workshop__in=workshops).exists():
            continue
        manager = next((u for k, u in demo.users.items() if k.startswith("responsable.") and k.endswith(key)), None)
        people = list(Beneficiary.objects.filter(sites=site).active().order_by("last_name", "first_name")[:8])
        sessions = []
        for week in range(3):
            for site_key, index, weekday, hour, minute in PLAN:
                if site_key != key:
                    continue
                workshop = workshops[index]
                start = _at(monday + timedelta(days=7 * week + weekday), hour, minute)
                if start <= timezone.now():
                    continue
                sessions.append(
                    Session.objects.create(
                        site=site,
                        workshop=workshop,
                        starts_at=start,
                        ends_at=start + workshop.duration,
                        room="Salle collective",
                        seats=workshop.default_seats,
                        created_by=manager,
                    )
                )
        # Drop-in slots every Wednesday morning of the next two weeks.
        for week in (1, 2):
            for slot in range(4):
                start = _at(monday + timedelta(days=7 * week + 2), 9, 0) + timedelta(minutes=30 * slot)
                Session.objects.create(
                    site=site,
                    workshop=workshops[5],
                    starts_at=start,
                    ends_at=start + timedelta(minutes=30),
                    room="Bureau 2",
                    seats=1,
                    created_by=manager,
                )
        if key == "lyon":
            course = Course.objects.create(
                workshop=workshops[2], site=site, label="Groupe du lundi", created_by=manager
            )
            for number in range(5):
                start = _at(monday + timedelta(days=7 * (number + 1)), 9, 30)
                session = Session.objects.create(
                    site=site,
                    workshop=workshops[2],
                    course=course,
                    starts_at=start,
                    ends_at=start + workshops[2].duration,
                    room="Salle informatique",
                    seats=workshops[2].default_seats,
                    created_by=manager,
                )
                for person in people[:4]:
                    Enrollment.objects.create(session=session, beneficiary=person, status="confirmed")
            # Last week's session, with attendance taken, so the statistics show something.
            past_start = _at(monday - timedelta(days=6), 14, 0)
            past = Session.objects.create(
                site=site,
                workshop=workshops[0],
                starts_at=past_start,
                ends_at=past_start + workshops[0].duration,
                room="Salle collective",
                seats=8,
                created_by=manager,
                attendance_taken_at=past_start,
            )
            marks = [Attendance.PRESENT, Attendance.PRESENT, Attendance.ABSENT, Attendance.EXCUSED]
            for person, mark in zip(people[4:8], marks, strict=False):
                Enrollment.objects.create(session=past, beneficiary=person, status="confirmed", attendance=mark)
        if sessions and people:
            for person in people[:3]:
                Enrollment.objects.create(session=sessions[0], beneficiary=person, status="confirmed")
