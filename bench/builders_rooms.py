"""Generator steps for the rooms above people: workshops and enrolments, devices, activity records."""

import uuid
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from fixtures import HELENE_ACTIVITIES, HELENE_SESSIONS

WORKSHOP_TITLES = [
    "Premiers pas sur l'ordinateur",
    "Utiliser sa boîte e-mail",
    "Prendre en main son smartphone",
    "Créer son compte France Travail",
    "Déclarer ses impôts en ligne",
    "Ameli et la santé en ligne",
    "Sécuriser ses mots de passe",
    "Visio avec ses proches",
    "Faire un CV en ligne",
    "Les réseaux sociaux sans risque",
    "Ranger ses photos",
    "Acheter en ligne en sécurité",
]
BRANDS = {
    "laptop": [("Lenovo", "ThinkPad T480"), ("Dell", "Latitude 5490"), ("HP", "EliteBook 840 G5")],
    "desktop": [("Dell", "OptiPlex 7060"), ("HP", "ProDesk 600 G4"), ("Lenovo", "ThinkCentre M720")],
    "smartphone": [("Samsung", "Galaxy A52"), ("Apple", "iPhone 8"), ("Xiaomi", "Redmi Note 9")],
    "tablet": [("Samsung", "Galaxy Tab A7"), ("Apple", "iPad 6"), ("Lenovo", "Tab M10")],
    "screen": [("Dell", "P2219H"), ("HP", "E22 G4")],
    "accessory": [("Logitech", "Clavier K120"), ("Logitech", "Souris M90")],
}
CATEGORY_WEIGHTS = {"laptop": 45, "desktop": 15, "smartphone": 20, "tablet": 10, "screen": 6, "accessory": 4}
STATUS_WEIGHTS = {
    "available": 25,
    "sold": 30,
    "received": 8,
    "diagnosis": 7,
    "erased": 5,
    "refurbished": 5,
    "graded": 5,
    "reserved": 3,
    "parts": 5,
    "recycled": 7,
}
GRADED = {"graded", "available", "reserved", "sold"}
PRICES = {"premium": ("180", "450"), "A": ("120", "350"), "B": ("80", "250"), "C": ("40", "150")}


class RoomsMixin:
    # --- workshops ---

    def build_workshops(self):
        from tremplin.workshops.models import Session, Workshop
        from tremplin.workshops.thematiques import thematique_choices

        thematiques = [value for value, _label in thematique_choices()]
        self.bulk(
            Workshop,
            [
                Workshop(
                    title=title,
                    description="Atelier de démonstration pour les mesures de performance.",
                    thematiques=self.rng.sample(thematiques, 2),
                    duration_minutes=self.rng.choice([60, 90, 120]),
                )
                for title in WORKSHOP_TITLES
            ],
        )
        self.workshops = list(Workshop.objects.filter(title__in=WORKSHOP_TITLES))
        sessions = []
        for index in range(self.volumes["sessions"]):
            site = self.sites[0] if index < HELENE_SESSIONS else self.pick_site()
            workshop = self.rng.choice(self.workshops)
            # From 18 months ago to 3 months ahead, on the hour, in opening hours.
            day = self.days_ago(-90, 540).replace(minute=0, second=0, microsecond=0)
            starts = day.replace(hour=self.rng.choice([8, 9, 12, 13, 14]))
            past = starts < self.now
            cancelled = self.rng.random() < 0.03
            sessions.append(
                Session(
                    site=site,
                    workshop=workshop,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=workshop.duration_minutes),
                    room="Salle 1",
                    seats=self.rng.randint(6, 12),
                    status="cancelled" if cancelled else "scheduled",
                    cancelled_at=starts - timedelta(days=1) if cancelled else None,
                    attendance_taken_at=starts + timedelta(hours=2) if past and not cancelled else None,
                    created_by=self.mediators[site.pk][0],
                )
            )
        self.sessions = self.bulk(Session, sessions)
        if self.sessions[0].pk is None:  # databases that do not return ids from bulk inserts
            self.sessions = list(Session.objects.order_by("pk"))
        return "workshops and sessions", len(self.workshops) + len(sessions)

    def build_enrollments(self):
        from tremplin.workshops.models import Enrollment

        rows = []
        target = self.volumes["enrollments"]
        per_session = target / len(self.sessions)
        remaining = target
        for index, session in enumerate(self.sessions):
            if remaining <= 0:
                break
            people = self.people_by_site[session.site_id]
            wanted = min(remaining, len(people), max(1, round(self.rng.gauss(per_session, 2))), session.seats + 4)
            chosen = self.rng.sample(people, wanted)
            if index < HELENE_SESSIONS and self.helene not in chosen:
                chosen[0] = self.helene
            past = session.attendance_taken_at is not None
            for rank, person in enumerate(chosen):
                confirmed = rank < session.seats
                attendance = "unknown"
                if confirmed and past:
                    attendance = "present" if self.rng.random() < 0.8 else "absent"
                rows.append(
                    Enrollment(
                        session=session,
                        beneficiary=person,
                        status="confirmed" if confirmed else "waitlisted",
                        position=None if confirmed else rank - session.seats + 1,
                        attendance=attendance,
                        created_by=session.created_by,
                    )
                )
            remaining -= wanted
        self.bulk(Enrollment, rows)
        return "enrolments", len(rows)

    # --- devices ---

    def build_devices(self):
        from tremplin.inventory.models import CATEGORY_TAG_CODES, AssetTagCounter, Device, DonationBatch, Donor
        from tremplin.inventory.models.devices import code_key
        from tremplin.inventory.services.stock_counts import rebuild as rebuild_stock_counts

        donors = self.bulk(Donor, [Donor(name=f"Donateur bench {i + 1}", kind="company") for i in range(10)])
        donors = list(Donor.objects.filter(name__startswith="Donateur bench"))
        batches = [
            DonationBatch(
                donor=self.rng.choice(donors), site=site, reference=f"LOT-{k}", received_on=self.days_ago(0, 700)
            )
            for site in self.sites
            for k in range(5)
        ]
        self.bulk(DonationBatch, batches)
        batches_by_site = defaultdict(list)
        for batch in DonationBatch.objects.filter(reference__startswith="LOT-"):
            batches_by_site[batch.site_id].append(batch)
        counters = defaultdict(int)
        rows = []
        categories, category_weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
        statuses, status_weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
        for index in range(self.volumes["devices"]):
            site = self.pick_site()
            category = self.rng.choices(categories, weights=category_weights)[0]
            status = self.rng.choices(statuses, weights=status_weights)[0]
            received = self.days_ago(0, 730)
            tag_code = CATEGORY_TAG_CODES[category]
            key = (site.pk, tag_code, received.year)
            counters[key] += 1
            brand, model_name = self.rng.choice(BRANDS[category])
            grade = self.rng.choice(list(PRICES)) if status in GRADED else ""
            prices = PRICES.get(grade)
            person = self.rng.choice(self.people_by_site[site.pk]) if status in ("reserved", "sold") else None
            mobile = category in ("smartphone", "tablet")
            asset_tag = f"{site.code}-{tag_code}-{received.year}-{counters[key]:05d}"
            serial = "" if mobile else f"SN{index:09d}"
            rows.append(
                Device(
                    asset_tag=asset_tag,
                    asset_tag_key=code_key(asset_tag),  # bulk_create skips Device.save(), which sets the keys
                    serial_key=code_key(serial),
                    site=site,
                    batch=self.rng.choice(batches_by_site[site.pk]),
                    category=category,
                    brand=brand,
                    model_name=model_name,
                    serial_number=serial,
                    imei=f"35{index:013d}" if mobile else "",
                    ram_gb=self.rng.choice([4, 8, 16]) if category in ("laptop", "desktop") else None,
                    storage_gb=self.rng.choice([128, 256, 512]),
                    battery_health=self.rng.randint(60, 100) if category != "desktop" else None,
                    status=status,
                    status_changed_at=received + timedelta(days=self.rng.uniform(0, 30)),
                    grade=grade,
                    computed_grade=grade,
                    solidarity_price=Decimal(prices[0]) if prices else None,
                    market_price=Decimal(prices[1]) if prices else None,
                    reserved_for=person if status == "reserved" else None,
                    reserved_until=self.now + timedelta(days=7) if status == "reserved" else None,
                    sold_to=person if status == "sold" else None,
                    sold_at=received + timedelta(days=40) if status == "sold" else None,
                    received_at=received,
                )
            )
        self.bulk(Device, rows)
        self.bulk(
            AssetTagCounter,
            [AssetTagCounter(site_id=s, code=c, year=y, last_value=n) for (s, c, y), n in counters.items()],
        )
        rebuild_stock_counts()  # bulk_create skips the services that keep the dashboard's counters
        return "donors, batches, devices", len(donors) + len(batches) + len(rows)

    # --- activities ---

    def build_activities(self):
        from tremplin.activities import choices
        from tremplin.activities.models import Activity

        thematiques = [value for value, _label in choices.thematique_choices()]
        autonomy = [value for value, _label in choices.autonomy_choices()]
        levels = [value for value, _label in choices.level_choices()]
        through = Activity.participants.through
        total, links = 0, 0
        chunk = []
        for index in range(self.volumes["activities"]):
            site = self.sites[0] if index < HELENE_ACTIVITIES else self.pick_site()
            collective = index >= HELENE_ACTIVITIES and self.rng.random() < 0.2
            person = None
            if index < HELENE_ACTIVITIES:
                person = self.helene
            elif not collective and self.rng.random() < 0.6:
                person = self.rng.choice(self.people_by_site[site.pk])
            activity = Activity(
                uuid=uuid.uuid4(),
                site=site,
                recorded_by=self.rng.choice(self.mediators[site.pk]),
                date=self.days_ago(0, 730).date(),
                kind=choices.COLLECTIVE if collective else choices.INDIVIDUAL,
                duration=self.rng.choice([15, 30, 45, 60, 90, 120]),
                thematiques=self.rng.sample(thematiques, self.rng.randint(1, 3)),
                equipment=[self.rng.choice(["ordinateur", "telephone", "tablette"])],
                autonomy="" if collective else self.rng.choice(autonomy),
                level=self.rng.choice(levels) if collective else "",
                title=self.rng.choice(WORKSHOP_TITLES) if collective else "",
                beneficiary=person,
                participant_count=self.rng.randint(3, 12) if collective else 1,
            )
            chunk.append(activity)
            if len(chunk) >= 20_000:
                total, links = total + len(chunk), links + self._save_activities(chunk, through)
                chunk = []
        if chunk:
            total, links = total + len(chunk), links + self._save_activities(chunk, through)
        return "activities (+ participants)", total + links

    def _save_activities(self, chunk, through):
        from tremplin.activities.models import Activity

        saved = self.bulk(Activity, chunk)
        if saved and saved[0].pk is None:
            ids = dict(Activity.objects.filter(uuid__in=[a.uuid for a in chunk]).values_list("uuid", "pk"))
            for activity in saved:
                activity.pk = ids[activity.uuid]
        links = []
        for activity in saved:
            if activity.kind == "collectif" and self.rng.random() < 0.5:
                people = self.people_by_site[activity.site_id]
                for person in self.rng.sample(people, min(len(people), self.rng.randint(2, 5))):
                    links.append(through(activity_id=activity.pk, beneficiary_id=person.pk))
        self.bulk(through, links)
        return len(links)
