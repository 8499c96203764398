"""The generator's steps: network and accounts, people, referrals (rooms in bench/builders_rooms.py).

Every step returns (label, rows written). Rows are FAKE: names from short lists, phones in the
+33 6 range, e-mails at example domains. Known rows for measure.py live in bench/fixtures.py.
"""

import random
import uuid
from datetime import timedelta

from _setup import BENCH_EMAIL_DOMAIN, BENCH_SITE_PREFIX
from builders_rooms import RoomsMixin
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from fixtures import (
    ADMIN_EMAIL,
    HELENE,
    HELENE_VOUCHER,
    MEDIATOR_EMAIL,
    PASSWORD,
)
from names import FIRST_NAMES, LAST_NAMES

COMMUNES = [("69007", "Lyon"), ("69100", "Villeurbanne"), ("42000", "Saint-Étienne"), ("38000", "Grenoble")]
PARTNER_KINDS = ["CCAS", "ASSO", "FT", "CAF", "MDS"]
SITE_COUNT = 20
PARTNER_COUNT = 40


class Builder(RoomsMixin):
    def __init__(self, *, seed, batch_size, volumes):
        self.rng = random.Random(seed)
        self.batch_size = batch_size
        self.volumes = volumes
        self.now = timezone.now()
        self.used_phones = {HELENE["phone"]}

    def steps(self):
        return [
            self.build_network,
            self.build_accounts,
            self.build_people,
            self.build_referrals,
            self.build_workshops,
            self.build_enrollments,
            self.build_devices,
            self.build_activities,
        ]

    # --- helpers ---

    def bulk(self, model, rows, **kwargs):
        return model.objects.bulk_create(rows, batch_size=self.batch_size, **kwargs)

    def pick_site(self):
        return self.rng.choices(self.sites, weights=self.site_weights)[0]

    def days_ago(self, low, high):
        return self.now - timedelta(days=self.rng.uniform(low, high))

    def new_phone(self):
        while True:
            phone = f"+336{self.rng.randrange(10_000_000, 99_999_999)}"
            if phone not in self.used_phones:
                self.used_phones.add(phone)
                return phone

    # --- network and accounts ---

    def build_network(self):
        from tremplin.network.models import PartnerOrganisation, Site
        from tremplin.network.timezones import time_zone_for_postal_code
        from tremplin.people.models import EligibilityProofType

        # Two-letter short codes the database does not use yet (BA, BB, … on a fresh database).
        taken = set(Site.objects.values_list("code", flat=True))
        pool = [f"{a}{b}" for a in "BCDFGHJKMNPQRSTVWXZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
        codes = [code for code in pool if code not in taken]
        sites = []
        for index in range(SITE_COUNT):
            code = codes[index]
            postal_code, commune = COMMUNES[index % len(COMMUNES)]
            sites.append(
                Site(
                    name=f"{BENCH_SITE_PREFIX}Espace {commune} {index + 1:02d}",
                    code=code,
                    address=f"{index + 1} rue de la Bench",
                    postal_code=postal_code,
                    commune=commune,
                    insee_code="69387",
                    time_zone=time_zone_for_postal_code(postal_code),  # save() sets it; bulk_create does not
                    opening_hours="Mo-Fr 09:00-12:30,13:30-17:30",
                    services=["Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien"],
                )
            )
        self.bulk(Site, sites)
        self.sites = list(Site.objects.filter(name__startswith=BENCH_SITE_PREFIX).order_by("pk"))
        # A few big city sites, many small ones: the first site holds about 14 % of the network.
        self.site_weights = [1 / (index + 1) ** 0.5 for index in range(len(self.sites))]
        partners = [
            PartnerOrganisation(
                name=f"Partenaire bench {index + 1:02d}",
                kind=PARTNER_KINDS[index % len(PARTNER_KINDS)],
                address="1 place de la Mairie",
                postal_code=COMMUNES[index % len(COMMUNES)][0],
                commune=COMMUNES[index % len(COMMUNES)][1],
            )
            for index in range(PARTNER_COUNT)
        ]
        self.bulk(PartnerOrganisation, partners)
        self.partners = list(PartnerOrganisation.objects.filter(name__startswith="Partenaire bench").order_by("pk"))
        for position, name in enumerate(["Attestation de minima sociaux", "Quotient familial", "Avis d'imposition"]):
            EligibilityProofType.objects.get_or_create(name=name, defaults={"position": position})
        self.proof_type = EligibilityProofType.objects.order_by("position").first()
        return "sites and partners", len(sites) + len(partners)

    def build_accounts(self):
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        from tremplin.accounts.models import Membership, User
        from tremplin.core.roles import Role

        password = make_password(PASSWORD)
        users, memberships = [], []

        def user(email, name):
            users.append(User(email=email, full_name=name, password=password))
            return email

        plan = [(user(ADMIN_EMAIL, "Admin Bench"), Role.NETWORK_ADMIN, None, None)]
        for site in self.sites:
            slug = site.code.lower()
            plan.append(
                (
                    user(f"responsable.{slug}@{BENCH_EMAIL_DOMAIN}", f"Responsable {site.code}"),
                    Role.SITE_MANAGER,
                    site,
                    None,
                )
            )
            for k in range(3):
                email = (
                    MEDIATOR_EMAIL
                    if (site == self.sites[0] and k == 0)
                    else f"mediation{k}.{slug}@{BENCH_EMAIL_DOMAIN}"
                )
                plan.append((user(email, f"Médiation {k} {site.code}"), Role.MEDIATOR, site, None))
            plan.append(
                (user(f"benevole.{slug}@{BENCH_EMAIL_DOMAIN}", f"Bénévole {site.code}"), Role.VOLUNTEER, site, None)
            )
        for index, partner in enumerate(self.partners):
            for k in range(2):
                email = f"prescription{k}.p{index}@{BENCH_EMAIL_DOMAIN}"
                plan.append((user(email, f"Prescription {k} P{index}"), Role.REFERRER, None, partner))
        self.bulk(User, users)
        by_email = {u.email: u for u in User.objects.filter(email__endswith="@" + BENCH_EMAIL_DOMAIN)}
        for email, role, site, partner in plan:
            memberships.append(Membership(user=by_email[email], role=role, site=site, partner=partner))
        self.bulk(Membership, memberships)
        for email, role, _site, _partner in plan:
            if role in (Role.NETWORK_ADMIN, Role.SITE_MANAGER):
                TOTP.activate(by_email[email], generate_totp_secret())
        self.mediators = {site.pk: [] for site in self.sites}
        self.referrers = {partner.pk: [] for partner in self.partners}
        for email, role, site, partner in plan:
            if role == Role.MEDIATOR:
                self.mediators[site.pk].append(by_email[email])
            elif role == Role.REFERRER:
                self.referrers[partner.pk].append(by_email[email])
        return "users and memberships", len(users) + len(memberships)

    # --- people ---

    def person_fields(self):
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        postal_code, commune = self.rng.choice(COMMUNES)
        has_email = self.rng.random() < 0.4
        return {
            "first_name": first,
            "last_name": last,
            "birth_year": self.rng.randint(1935, 2008),
            "phone": self.new_phone() if self.rng.random() < 0.9 else "",
            "email": f"{uuid.uuid4().hex[:10]}@example.org" if has_email else "",
            "postal_code": postal_code,
            "commune": commune,
        }

    def build_people(self):
        from tremplin.people.models import Beneficiary
        from tremplin.people.names import search_key, sort_key

        through = Beneficiary.sites.through
        people, links = [], []
        self.people_by_site = {site.pk: [] for site in self.sites}
        count = self.volumes["people"]
        for index in range(count):
            fields = dict(HELENE) if index == 0 else self.person_fields()
            site = self.sites[0] if index == 0 else self.pick_site()
            person = Beneficiary(
                **fields,
                search_name=search_key(fields["first_name"], fields["last_name"], fields.get("birth_name", "")),
                sort_last_name=sort_key(fields["last_name"]),  # bulk_create skips Beneficiary.save()
                sort_first_name=sort_key(fields["first_name"]),
                origin=self.rng.choice(["walk_in", "referral", "referral", "self_referral"]),
                created_by=self.mediators[site.pk][0],
            )
            people.append(person)
            followed = [site]
            if self.rng.random() < 0.08:
                other = self.pick_site()
                if other is not site:
                    followed.append(other)
            for followed_site in followed:
                links.append(through(beneficiary_id=person.pk, site_id=followed_site.pk))
                self.people_by_site[followed_site.pk].append(person)
        self.bulk(Beneficiary, people)
        self.bulk(through, links)
        self.helene = people[0]
        return "people (+ site links)", len(people) + len(links)

    # --- referrals ---

    def new_voucher(self, used):
        from tremplin.referrals import voucher

        while True:
            code = voucher.new_code()
            if code not in used:
                used.add(code)
                return code

    def build_referrals(self):
        from tremplin.referrals.choices import DeclineReason, Need
        from tremplin.referrals.models import Referral

        statuses = ["accepted"] * 55 + ["declined"] * 8 + ["expired"] * 10 + ["submitted"] * 12
        statuses += ["contacted"] * 10 + ["transferred"] * 5
        used = {HELENE_VOUCHER}
        rows = []
        for index in range(self.volumes["referrals"]):
            site = self.sites[0] if index == 0 else self.pick_site()
            status = "accepted" if index == 0 else self.rng.choice(statuses)
            person = self.helene if index == 0 else None
            if status == "accepted" and person is None:
                person = self.rng.choice(self.people_by_site[site.pk])
            fields = (
                {f: getattr(person, f) for f in ("first_name", "last_name", "birth_year", "phone", "email")}
                if person
                else {k: v for k, v in self.person_fields().items() if k not in ("postal_code", "commune")}
            )
            if not fields["phone"] and not fields["email"]:
                fields["phone"] = self.new_phone()
            partner = self.rng.choice(self.partners)
            is_open = status in ("submitted", "contacted", "transferred")
            received = self.days_ago(0, 45) if is_open else self.days_ago(30, 730)
            rows.append(
                Referral(
                    partner=partner,
                    referrer=self.rng.choice(self.referrers[partner.pk]),
                    target_site=site,
                    transferred_from=self.sites[-1] if status == "transferred" and site != self.sites[-1] else None,
                    postal_code=COMMUNES[0][0],
                    commune=COMMUNES[0][1],
                    needs=self.rng.sample(list(Need.values), self.rng.randint(1, 3)),
                    consent_attested=True,
                    eligibility_attested=True,
                    proof_type=self.proof_type,
                    status=status,
                    created_at=received,
                    received_at=received,
                    status_changed_at=received + timedelta(days=self.rng.uniform(0, 20)),
                    decline_reason=self.rng.choice(DeclineReason.values) if status == "declined" else "",
                    beneficiary=person,
                    voucher_code=HELENE_VOUCHER if index == 0 else self.new_voucher(used),
                    idempotency_key=uuid.uuid4(),
                    **fields,
                )
            )
        self.bulk(Referral, rows)
        return "referrals", len(rows)
