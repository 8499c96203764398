"""Tampering with the cash journal: each way is refused (ORM, PostgreSQL triggers) or reported precisely.

The attacker below has the database's administrator rights (raw SQL; on PostgreSQL the triggers switched
off with session_replication_role = replica). The journal: register LYT-C1, tickets 1–4 closed by the Z
n°1, tickets 5–6 by the Z n°2, both closures written to the anchor file.
"""

import hashlib
import json

import pytest
from django.db import IntegrityError, connection, transaction

from tremplin.till.models import ChainHead, Closure, JournalAltered, JournalEvent, Payment, Sale, SaleLine
from tremplin.till.services import sealing
from tremplin.till.services.verify import verify_journal

from .journal_helpers import as_attacker, build_journal, raw_delete_sales, sale_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(make_user):
    return make_user("site_manager", full_name="Camille Martin")


@pytest.fixture
def register(site, user, django_capture_on_commit_callbacks):
    return build_journal(site, user, django_capture_on_commit_callbacks)


def problems(report):
    return [(p.kind, p.chain, p.register, p.number) for p in report.problems]


def test_an_untouched_journal_verifies_and_the_run_is_recorded_in_the_jet(register):
    report = verify_journal()
    assert report.ok, report.lines()
    assert (report.tickets, report.closures) == (6, 2)
    assert report.lines()[0].startswith("Journal de caisse intègre : 6 tickets, 2 clôtures")
    event = JournalEvent.objects.order_by("-number").first()
    assert event.kind == "verification"
    assert event.details["ok"] is True and event.details["tickets"] == 6


def test_the_orm_refuses_to_change_or_delete_journal_rows(register):
    sale = Sale.objects.get(register=register, number=1)
    sale.total_cents = 1
    for attempt in (
        sale.save,
        sale.delete,
        lambda: Sale.objects.filter(pk=sale.pk).update(total_cents=1),
        lambda: Sale.objects.filter(pk=sale.pk).delete(),
        lambda: SaleLine.objects.filter(sale=sale).update(unit_price_cents=0),
        lambda: Payment.objects.filter(sale=sale).delete(),
        lambda: Closure.objects.update(total_cents=0),
        lambda: Closure.objects.first().delete(),
        lambda: JournalEvent.objects.filter(number=1).update(kind="settings"),
    ):
        with pytest.raises(JournalAltered):
            attempt()


@pytest.mark.postgres_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE till_sale SET total_cents = 1",
        "DELETE FROM till_payment",
        "UPDATE till_saleline SET unit_price_cents = 0",
        "UPDATE till_closure SET total_cents = 0",
        "DELETE FROM till_journalevent",
    ],
)
def test_postgresql_refuses_raw_updates_and_deletes_of_the_journal(register, sql):
    with pytest.raises(IntegrityError, match="inaltérable"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


def test_editing_a_field_of_a_ticket_is_reported_at_that_ticket(register):
    with as_attacker() as cursor:
        cursor.execute("UPDATE till_sale SET total_cents = 1 WHERE id = %s", [sale_id(cursor, register, 3)])
    report = verify_journal()
    assert not report.ok
    assert problems(report) == [("hash", "ticket", "LYT-C1", 3)]
    assert str(report.first_broken).startswith("Caisse LYT-C1, ticket n°3 : empreinte invalide")
    assert JournalEvent.objects.order_by("-number").first().details["ok"] is False


def test_editing_a_line_of_a_ticket_is_reported_at_that_ticket(register):
    with as_attacker() as cursor:
        line_sql = "UPDATE till_saleline SET unit_price_cents = 0 WHERE sale_id = %s"
        cursor.execute(line_sql, [sale_id(cursor, register, 2)])
    assert problems(verify_journal()) == [("hash", "ticket", "LYT-C1", 2)]


def test_deleting_a_middle_ticket_is_reported_as_a_gap_and_a_broken_link(register):
    with as_attacker() as cursor:
        raw_delete_sales(cursor, register, [3])
    report = verify_journal()
    assert problems(report) == [("gap", "ticket", "LYT-C1", 3), ("link", "ticket", "LYT-C1", 4)]
    assert str(report.first_broken) == (
        "Caisse LYT-C1, ticket n°4 : lien rompu : l'empreinte précédente enregistrée ne correspond pas au ticket n°2"
    )
    assert [str(gap) for gap in report.gaps] == ["Caisse LYT-C1, ticket n°3 : numéro manquant (ticket n°3)"]


def test_deleting_the_last_tickets_is_reported_against_the_closure_and_the_chain_head(register):
    with as_attacker() as cursor:
        raw_delete_sales(cursor, register, [5, 6])
    report = verify_journal()
    assert ("truncation", "ticket", "LYT-C1", 6) in problems(report)
    assert ("truncation", "ticket", "LYT-C1", None) in problems(report)
    assert any("la clôture n°2" in str(p) and "fin du journal supprimée" in str(p) for p in report.problems)


def test_deleting_the_last_tickets_and_fixing_the_chain_head_is_still_caught_by_the_closure(register):
    with as_attacker() as cursor:
        raw_delete_sales(cursor, register, [5, 6])
    fourth = Sale.objects.get(register=register, number=4)
    ChainHead.objects.filter(scope=f"sale:{register.pk}:0").update(last_number=4, last_hash=fourth.hash)
    assert problems(verify_journal()) == [("truncation", "ticket", "LYT-C1", 6)]


def test_deleting_the_last_tickets_with_their_closures_is_caught_by_the_anchor_file(register):
    """The thorough attacker: tickets 5–6, the Z n°2, its JET entries, all three chain heads put back."""
    closure = Closure.objects.get(register=register, number=2)
    with as_attacker() as cursor:
        raw_delete_sales(cursor, register, [5, 6])
        cursor.execute("DELETE FROM till_closure WHERE id = %s", [closure.pk])
        first_gone = JournalEvent.objects.filter(kind="register_opened").order_by("number")[1].number
        cursor.execute("DELETE FROM till_journalevent WHERE number >= %s", [first_gone])
    fourth = Sale.objects.get(register=register, number=4)
    first_closure = Closure.objects.get(register=register, number=1)
    last_event = JournalEvent.objects.order_by("-number").first()
    ChainHead.objects.filter(scope=f"sale:{register.pk}:0").update(last_number=4, last_hash=fourth.hash)
    ChainHead.objects.filter(scope=f"closure:{register.pk}:0").update(last_number=1, last_hash=first_closure.hash)
    ChainHead.objects.filter(scope="jet").update(last_number=last_event.number, last_hash=last_event.hash)
    report = verify_journal()
    assert problems(report) == [("anchor", "anchor", "LYT-C1", 2)]
    assert str(report.first_broken).startswith("Fichier d'ancrage, caisse LYT-C1, clôture n°2 : clôture inscrite le")
    assert "fin du journal supprimée avec ses clôtures" in str(report.first_broken)


def test_a_hash_recomputed_without_the_key_is_reported(register):
    third = Sale.objects.get(register=register, number=3)
    content = sealing.sale_content(third, list(third.lines.order_by("position")), list(third.payments.all()))
    content["total_cents"] = 1
    forged = hashlib.sha256(third.previous_hash.encode() + sealing.canonical(content)).hexdigest()
    with as_attacker() as cursor:
        cursor.execute("UPDATE till_sale SET total_cents = 1, hash = %s WHERE id = %s", [forged, third.pk])
        cursor.execute("UPDATE till_sale SET previous_hash = %s WHERE id = %s", [forged, sale_id(cursor, register, 4)])
    report = verify_journal()
    assert report.first_broken.number == 3 and report.first_broken.kind == "hash"
    assert "empreinte recalculée sans la clé" in str(report.first_broken)


def test_a_hash_recomputed_with_another_key_is_reported(register, settings):
    third = Sale.objects.get(register=register, number=3)
    content = sealing.sale_content(third, list(third.lines.order_by("position")), list(third.payments.all()))
    content["cashier"] = "Quelqu'un d'autre"
    settings.TREMPLIN_JOURNAL_KEYS = "dev1:a-key-the-attacker-made-up"
    forged = sealing.seal(third.previous_hash, content, "dev1")
    settings.TREMPLIN_JOURNAL_KEYS = "dev1:development-only-journal-key-not-secret"
    with as_attacker() as cursor:
        sql = "UPDATE till_sale SET cashier_name = %s, hash = %s WHERE id = %s"
        cursor.execute(sql, [content["cashier"], forged, third.pk])
    report = verify_journal()
    assert problems(report)[0] == ("hash", "ticket", "LYT-C1", 3)


def test_swapping_two_tickets_is_reported_at_the_first_of_them(register):
    with as_attacker() as cursor:
        second, third = sale_id(cursor, register, 2), sale_id(cursor, register, 3)
        cursor.execute("UPDATE till_sale SET number = 999 WHERE id = %s", [second])
        cursor.execute("UPDATE till_sale SET number = 2 WHERE id = %s", [third])
        cursor.execute("UPDATE till_sale SET number = 3 WHERE id = %s", [second])
    report = verify_journal()
    assert report.first_broken.number == 2
    assert {p.number for p in report.problems} == {2, 3, 4}
    assert ("hash", "ticket", "LYT-C1", 2) in problems(report)
    assert ("hash", "ticket", "LYT-C1", 3) in problems(report)


def test_an_unknown_key_id_is_reported(register):
    with as_attacker() as cursor:
        cursor.execute("UPDATE till_sale SET key_id = 'k9' WHERE id = %s", [sale_id(cursor, register, 5)])
    report = verify_journal()
    assert problems(report) == [("key", "ticket", "LYT-C1", 5)]
    assert "clé de scellement inconnue « k9 »" in str(report.first_broken)


def test_editing_a_closure_is_reported_at_that_closure(register):
    with as_attacker() as cursor:
        cursor.execute("UPDATE till_closure SET total_cents = 0 WHERE register_id = %s AND number = 1", [register.pk])
    assert problems(verify_journal()) == [("hash", "closure", "LYT-C1", 1)]


def test_editing_an_event_of_the_jet_is_reported_at_that_event(register):
    event = JournalEvent.objects.get(number=2)
    with as_attacker() as cursor:
        cursor.execute("UPDATE till_journalevent SET details = %s WHERE id = %s", [json.dumps({"x": 1}), event.pk])
    assert problems(verify_journal()) == [("hash", "event", "", 2)]


def test_a_return_ticket_that_references_its_original_verifies(register, user):
    """Returns name the original ticket and line in their sealed content (LYT-C1-000002/1)."""
    from tremplin.till.models import BasketLine, BasketPayment
    from tremplin.till.services import baskets, finalise, sessions

    sessions.open_session(register, user, 5000)
    original = Sale.objects.get(register=register, number=2)
    basket = baskets.open_basket(register, user, kind="return", original_sale=original)
    BasketLine.objects.create(basket=basket, original_line=original.lines.get(), quantity=-1)
    BasketPayment.objects.create(basket=basket, method="cash", amount_cents=-original.total_cents)
    sale = finalise.cash_in(basket.token, user).sale
    assert sale.number == 7 and sale.kind == "return"
    content = sealing.sale_content(sale, list(sale.lines.all()), list(sale.payments.all()))
    assert content["original"] == "LYT-C1-000002"
    assert content["lines"][0]["original_line"] == "LYT-C1-000002/1"
    report = verify_journal()
    assert report.ok, report.lines()
    with as_attacker() as cursor:
        cursor.execute(
            "UPDATE till_sale SET original_sale_id = %s WHERE id = %s", [sale_id(cursor, register, 1), sale.pk]
        )
    assert problems(verify_journal()) == [("hash", "ticket", "LYT-C1", 7)]
