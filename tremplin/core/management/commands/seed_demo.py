"""Load realistic, entirely fake demo data. Safe to run again: existing demo rows are reused.

Each room may contribute with a `demo.py` module exposing `seed(demo)`. They run in SEED_ORDER, then
the other rooms in INSTALLED_APPS order, so a room can rely on what earlier rooms created.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from tremplin.core.demodata import DEMO_PASSWORD, DemoData

# Accounts need sites and partners to hold memberships, so network seeds first.
SEED_ORDER = ["network", "accounts"]


def seed_rank(config):
    label = config.label
    return SEED_ORDER.index(label) if label in SEED_ORDER else len(SEED_ORDER)


class Command(BaseCommand):
    help = "Charge des données de démonstration fictives (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-accounts", action="store_true", help="Ne pas afficher les comptes.")

    def handle(self, *args, **options):
        demo = DemoData()
        with transaction.atomic():
            for config in sorted(apps.get_app_configs(), key=seed_rank):
                if not config.name.startswith("tremplin."):
                    continue
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                module.seed(demo)
        # Planner statistics for the rows just written (SQLite never gathers them by itself; issue #14).
        # PostgreSQL's autovacuum analyses on its own; a bare ANALYZE there also locks the shared catalogs
        # (pg_authid), which blocks every other database's ANALYZE while a test transaction holds the lock.
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if not options["quiet_accounts"]:
            self.stdout.write(self.style.SUCCESS(f"Comptes de démonstration (mot de passe commun : {DEMO_PASSWORD})"))
            for email, label in demo.accounts:
                self.stdout.write(f"  {email:<42} {label}")
