"""Demo programme (Lyon and Villeurbanne, this year), a funder account granted it, a report and a share link."""

from datetime import date

from django.utils import timezone

from tremplin.accounts.models import Membership, User
from tremplin.core.demodata import DEMO_DOMAIN, DEMO_PASSWORD
from tremplin.core.roles import Role

from .programmes import Programme, ProgrammeGrant, ProgrammeTarget
from .reports import FunderReport
from .sharing import ShareLink, create_share_link

NAME = "Inclusion numérique — Métropole de Lyon"
TARGETS = {"people": 300, "accompaniments": 600, "devices": 120, "workshop_hours": 1000}


def seed(demo):
    year = timezone.localdate().year
    programme, _created = Programme.objects.get_or_create(
        name=NAME,
        defaults={
            "funder_name": "Métropole de Lyon",
            "starts_on": date(year, 1, 1),
            "ends_on": date(year, 12, 31),
            "description": "Accompagnement et équipement des habitants de la Métropole (démonstration).",
        },
    )
    programme.sites.add(*[demo.sites[key] for key in ("lyon", "villeurbanne") if key in demo.sites])
    for kind, value in TARGETS.items():
        ProgrammeTarget.objects.get_or_create(programme=programme, kind=kind, defaults={"value": value})

    # A funder who has no other access than this programme.
    email = f"financeur.metropole@{DEMO_DOMAIN}"
    funder = User.objects.filter(email=email).first() or User.objects.create_user(
        email, DEMO_PASSWORD, full_name="Lucie Vasseur"
    )
    Membership.objects.get_or_create(user=funder, role=Role.OBSERVER, site=None, partner=None)
    ProgrammeGrant.objects.get_or_create(programme=programme, user=funder)
    demo.users["financeur.metropole"] = funder
    demo.accounts.append((email, "financeur (programme Métropole de Lyon seulement)"))

    manager = demo.users.get("responsable.lyon")
    if manager is None:
        return
    if not FunderReport.objects.filter(created_by=manager).exists():
        report = FunderReport.objects.create(
            title="Bilan de l'espace de Lyon",
            introduction="Une année marquée par l'ouverture des ateliers du samedi (démonstration).",
            created_by=manager,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
        )
        report.sites.add(demo.sites["lyon"])
    if not ShareLink.objects.filter(created_by=manager).exists():
        create_share_link(
            manager,
            label="Fondation (démonstration)",
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            sites=[demo.sites["lyon"]],
        )
