"""A small journal to verify and tamper with: two closed days of tickets on one register, anchored."""

import contextlib

from django.db import connection

from tremplin.till.services import sessions

from .factories import counted_stock, eligible_person, recharge_product, register_at, sell


def sim_card():
    """The SIM card of the catalogue (1 €, reference 10 €), sold from counted stock."""
    from tremplin.inventory.models import ConnectivityProduct

    existing = ConnectivityProduct.objects.filter(kind="sim", name="Carte SIM").first()
    return existing or recharge_product(kind="sim", name="Carte SIM", face_value="10", solidarity_price="1")


def close_day(register, user, capture):
    """Close the register's open session (Z), running the on-commit anchor as a real commit would."""
    session = sessions.open_session_of(register)
    with capture(execute=True):
        return sessions.close_session(session, user, sessions.expected_cash(session))


def build_journal(site, user, capture, days=((4,), (2,)), code="C1", register=None):
    """`days`: tickets per closed day, e.g. ((4,), (2,)) → tickets 1–4 closed by Z n°1, 5–6 by Z n°2."""
    register = register or register_at(site, code)
    person = eligible_person(site)
    sim = sim_card()
    counted_stock(site, sim, sum(day[0] for day in days) * 2 + 10)
    for (count,) in days:
        sessions.open_session(register, user, 5000)
        for _ in range(count):
            sell(register, user, person, products=[sim])
        close_day(register, user, capture)
    return register


@contextlib.contextmanager
def as_attacker():
    """Raw SQL with the rights of a database administrator.

    On PostgreSQL the append-only triggers refuse UPDATE and DELETE; a superuser can switch them off with
    ``session_replication_role = replica`` (what an attacker with DBA rights would do). SQLite has no
    trigger: raw SQL goes through.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = origin")


def sale_id(cursor, register, number, training=False):
    cursor.execute(
        "SELECT id FROM till_sale WHERE register_id = %s AND training = %s AND number = %s",
        [register.pk, training, number],
    )
    return cursor.fetchone()[0]


def raw_delete_sales(cursor, register, numbers):
    """Delete tickets with their lines and payments (and unlink the baskets that made them)."""
    for number in numbers:
        pk = sale_id(cursor, register, number)
        cursor.execute("UPDATE till_basket SET sale_id = NULL WHERE sale_id = %s", [pk])
        cursor.execute("DELETE FROM till_payment WHERE sale_id = %s", [pk])
        cursor.execute("DELETE FROM till_saleline WHERE sale_id = %s", [pk])
        cursor.execute("DELETE FROM till_sale WHERE id = %s", [pk])


def closed_day_at(register, user, moment, capture, count=1):
    """A day of the past (`moment`: an aware datetime, the morning): open, `count` SIM cards sold, Z closure.

    The network's eligibility requirement is switched off (past eligibility is not the subject here).
    """
    from datetime import timedelta

    from tremplin.till.models import TillSettings

    TillSettings.objects.update_or_create(pk=1, defaults={"eligibility_required": False})
    site = register.site
    person = eligible_person(site)
    sim = sim_card()
    counted_stock(site, sim, count)
    sessions.open_session(register, user, 0, now=moment)
    for _ in range(count):
        sell(register, user, person, products=[sim], now=moment + timedelta(hours=1))
    session = sessions.open_session_of(register)
    with capture(execute=True):
        return sessions.close_session(session, user, sessions.expected_cash(session), now=moment + timedelta(hours=8))
