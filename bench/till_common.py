"""Shared start-up of the till benchmarks: their own database, a bench register, a journal filled fast.

Default database: bench/till.sqlite3 (never db.sqlite3 nor the pages' bench.sqlite3); set DATABASE_URL for
PostgreSQL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_till_journal. Closure anchors go
to bench/till-anchor-<database>.log (ignored by git), not to var/.
"""

import os
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

SITE_CODE = "BQ"
REGISTER_CODE = "B1"
USER_EMAIL = "caisse@bench.tremplin.example"
TICKETS_PER_DAY = 10_000
BATCH = 5_000


def setup():
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{BENCH_DIR / 'till.sqlite3'}")
    database = Path(os.environ["DATABASE_URL"].rstrip("/")).name.removesuffix(".sqlite3")
    os.environ.setdefault("TREMPLIN_JOURNAL_ANCHOR_FILE", str(BENCH_DIR / f"till-anchor-{database}.log"))
    from _setup import database_label, setup_django

    connection = setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return database_label(connection)


def bench_register():
    """The bench site, its register B1, a site manager, and the rights rules of the demo network."""
    from tremplin.accounts.models import Membership, User
    from tremplin.core.roles import Role
    from tremplin.network.models import Site
    from tremplin.till.models import QuotaRule, Register

    site, _ = Site.objects.get_or_create(
        code=SITE_CODE,
        defaults={
            "name": "[bench] Espace caisse",
            "address": "1 rue de la Bench",
            "postal_code": "69007",
            "commune": "Lyon",
            "insee_code": "69387",
        },
    )
    user = User.objects.filter(email=USER_EMAIL).first()
    if user is None:
        user = User.objects.create_user(USER_EMAIL, "bench-till-2026", full_name="Camille Bench")
        Membership.objects.create(user=user, role=Role.SITE_MANAGER, site=site)
    register, _ = Register.objects.get_or_create(site=site, code=REGISTER_CODE, defaults={"name": "Caisse bench"})
    if not QuotaRule.objects.exists():
        QuotaRule.objects.create(name="Ordinateur", keys=["laptop", "desktop"], limit=1, period_months=24)
        QuotaRule.objects.create(name="Smartphone", keys=["smartphone"], limit=1, period_months=12)
        QuotaRule.objects.create(
            name="Recharges", keys=["recharge"], measure="amount", limit=30, period="calendar_month"
        )
    return Register.objects.select_related("site").get(pk=register.pk), user


def _columns(model):
    return list(model._meta.concrete_fields)


def _insert(connection, model, rows):
    """Insert rows (dicts keyed by attname) fast: COPY on PostgreSQL, executemany on SQLite."""
    fields = _columns(model)
    table = model._meta.db_table
    # Plain values (no Field.get_db_prep_value: it was 3/4 of the fill time). psycopg adapts UUID, aware
    # datetimes and booleans itself; SQLite stores a UUID as 32 hex digits and a time as naive UTC text.
    names = [field.attname for field in fields]
    if connection.vendor == "postgresql":
        values = [[row.get(name) for name in names] for row in rows]
    else:
        values = [[_sqlite(row.get(name)) for name in names] for row in rows]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)  # noqa: S608 (model names)


def _sqlite(value):
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    return value


def _reset_sequences(connection, models):
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"  # noqa: S608
            )


def fill_journal(register, user, tickets, log=print):
    """Append sealed tickets (1 line, 1 cash payment each) up to `tickets`, in closed days of 10,000, fast.

    The first ticket of a run is built as model objects and sealed with services/sealing.py (sale_content,
    canonical, seal); the next ones change only their number, time and person in that canonical content
    and are sealed the same way, chained to the one before. Rows go in by COPY (PostgreSQL) or executemany
    (SQLite) with explicit ids; each day is opened and closed (Z) by the services. The verifier recomputes
    every hash from the stored rows, so a wrong shortcut here would show at once. Returns the tickets added.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from tremplin.till.models import ChainHead, Payment, Sale, SaleLine
    from tremplin.till.services import chain, sealing, sessions

    scope = chain.sale_scope(register, False)
    head, _ = ChainHead.objects.get_or_create(scope=scope)
    if head.last_number >= tickets:
        return 0
    open_session = sessions.open_session_of(register, False)
    if open_session is not None:
        sessions.close_session(open_session, user, sessions.expected_cash(open_session), "banc d'essai")
    key_id = sealing.current_key_id()
    to_add = tickets - head.last_number
    days = -(-to_add // TICKETS_PER_DAY)
    first_day = timezone.now().replace(hour=8, minute=0, second=0, microsecond=0) - timedelta(days=days + 1)
    number, previous = head.last_number, head.last_hash
    ids = {
        model: (model.objects.order_by("-id").values_list("id", flat=True).first() or 0)
        for model in (Sale, SaleLine, Payment)
    }
    line = {
        "position": 1, "revenue_category": "connectivity", "rights_key": "sim", "label": "Carte SIM",
        "reference": "Opérateur Solidaire/Carte SIM", "quantity": 1, "unit_price_cents": 100,
        "market_price_cents": 1000, "rights_value_cents": 1000, "vat_rate_bp": 0, "override_reason": "",
        "defective_code": False,
    }  # fmt: skip
    payment = {"position": 1, "method": "cash", "amount_cents": 100, "tendered_cents": 100, "change_cents": 0,
               "partner_name": ""}  # fmt: skip
    template = sealing.sale_content(
        Sale(register=register, number=1, cashier_name="Camille", finalised_at=first_day, total_cents=100,
             market_total_cents=1000, beneficiary_id=uuid.uuid4()),
        [SaleLine(**line)],
        [Payment(**payment)],
    )  # fmt: skip
    started = time.perf_counter()
    for day in range(days):
        opened = first_day + timedelta(days=day)
        session = sessions.open_session(register, user, 0, now=opened)
        count = min(TICKETS_PER_DAY, tickets - number)
        for batch_start in range(0, count, BATCH):
            sales, lines, payments = [], [], []
            for index in range(batch_start, min(batch_start + BATCH, count)):
                number += 1
                at = opened + timedelta(seconds=2 * index)
                person = uuid.uuid4()
                content = dict(template, number=number, at=sealing.utc_iso(at), person=str(person))
                hash_ = sealing.seal(previous, content, key_id)
                ids[Sale] += 1
                ids[SaleLine] += 1
                ids[Payment] += 1
                sales.append({
                    "id": ids[Sale], "register_id": register.pk, "session_id": session.pk, "training": False,
                    "number": number, "kind": "sale", "beneficiary_id": person, "cashier_id": user.pk,
                    "cashier_name": "Camille", "finalised_at": at, "total_cents": 100, "market_total_cents": 1000,
                    "previous_hash": previous, "hash": hash_, "key_id": key_id,
                })  # fmt: skip
                lines.append(dict(line, id=ids[SaleLine], sale_id=ids[Sale]))
                payments.append(dict(payment, id=ids[Payment], sale_id=ids[Sale]))
                previous = hash_
            with transaction.atomic():
                _insert(connection, Sale, sales)
                _insert(connection, SaleLine, lines)
                _insert(connection, Payment, payments)
                ChainHead.objects.filter(scope=scope).update(last_number=number, last_hash=previous)
        _reset_sequences(connection, (Sale, SaleLine, Payment))
        sessions.close_session(session, user, 100 * count, now=opened + timedelta(hours=9))
        elapsed = time.perf_counter() - started
        log(f"  {spaced(number)} tickets ({spaced(round((number - head.last_number) / elapsed))} tickets/s)")
    return to_add


def spaced(number):
    """1 000 000: French thousands."""
    return f"{number:,}".replace(",", "\u202f")
