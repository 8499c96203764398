"""Shared state for the demo-data loader (manage.py seed_demo): fake data only."""

from dataclasses import dataclass, field

from faker import Faker

DEMO_PASSWORD = "tremplin-demo-2026"  # noqa: S105 — public demo password, printed at start
DEMO_DOMAIN = "demo.tremplin.example"


@dataclass
class DemoData:
    """Rooms put what later rooms need here (sites, partners, users…), keyed by a short name."""

    sites: dict = field(default_factory=dict)
    partners: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    accounts: list = field(default_factory=list)  # (e-mail, description) printed at the end
    extra: dict = field(default_factory=dict)
    fake: Faker = field(default_factory=lambda: Faker("fr_FR"))

    def __post_init__(self):
        # Same fake names at every run, so the demo reads the same in screenshots and guides.
        self.fake.seed_instance(2026)
