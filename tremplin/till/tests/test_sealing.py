"""The canonical form of a ticket, pinned byte for byte, and key rotation that keeps the journal verifiable."""

import hashlib
import hmac
import uuid
import zoneinfo
from datetime import date, datetime

import pytest

from tremplin.network.models import Site
from tremplin.till.models import JournalEvent, Payment, Register, Sale, SaleLine
from tremplin.till.services import sealing, sessions
from tremplin.till.services.verify import verify_journal

from .factories import counted_stock, eligible_person, recharge_product, register_at, sell
from .journal_helpers import close_day

# Written by hand from the rule of services/sealing.py: JSON, keys sorted at every level, no spaces, UTF-8
# (not \u escapes), amounts in integer cents, time in UTC ISO 8601 to the second with "Z", business
# identifiers only (no row id).
GOLDEN = (
    '{"at":"2026-11-30T09:12:05Z","cashier":"Camille","kind":"sale","lines":['
    '{"category":"device","defective_code":false,"label":"Ordinateur portable Lenovo T480",'
    '"market_cents":32000,"original_line":null,"override":"","position":1,"quantity":1,'
    '"reference":"LY-00042","rights":"laptop","rights_value_cents":12000,"unit_cents":12000,'
    '"vat_bp":0,"warranty_until":"2027-05-30"},'
    '{"category":"accessory","defective_code":false,"label":"Câble USB-C « solide »",'
    '"market_cents":1000,"original_line":null,"override":"","position":2,"quantity":2,'
    '"reference":"Accessoires/Câble USB-C","rights":"accessory","rights_value_cents":200,"unit_cents":200,'
    '"vat_bp":2000,"warranty_until":null}],'
    '"market_total_cents":34000,"number":42,"original":null,"payments":['
    '{"amount_cents":2400,"change_cents":2600,"method":"cash","partner":"","position":1,"tendered_cents":5000},'
    '{"amount_cents":10000,"change_cents":0,"method":"partner","partner":"CCAS de Lyon","position":2,'
    '"tendered_cents":null}],'
    '"person":"12345678-1234-5678-1234-567812345678","register":"LY-C1","total_cents":12400,"training":false,'
    '"type":"ticket"}'
).encode()


def golden_ticket():
    register = Register(site=Site(code="LY", name="Lyon"), code="C1", name="Caisse 1")
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    sale = Sale(
        register=register,
        training=False,
        number=42,
        kind="sale",
        beneficiary_id=uuid.UUID("12345678-1234-5678-1234-567812345678"),
        cashier_name="Camille",
        # 10:12:05.5 in Paris (UTC+1 in November) is 09:12:05Z: local time and microseconds never sealed.
        finalised_at=datetime(2026, 11, 30, 10, 12, 5, 500000, tzinfo=paris),
        total_cents=12400,
        market_total_cents=34000,
    )
    lines = [
        SaleLine(
            position=1,
            revenue_category="device",
            rights_key="laptop",
            label="Ordinateur portable Lenovo T480",
            reference="LY-00042",
            quantity=1,
            unit_price_cents=12000,
            market_price_cents=32000,
            rights_value_cents=12000,
            vat_rate_bp=0,
            warranty_until=date(2027, 5, 30),
        ),
        SaleLine(
            position=2,
            revenue_category="accessory",
            rights_key="accessory",
            label="Câble USB-C « solide »",
            reference="Accessoires/Câble USB-C",
            quantity=2,
            unit_price_cents=200,
            market_price_cents=1000,
            rights_value_cents=200,
            vat_rate_bp=2000,
        ),
    ]
    payments = [
        Payment(position=1, method="cash", amount_cents=2400, tendered_cents=5000, change_cents=2600),
        Payment(position=2, method="partner", amount_cents=10000, partner_name="CCAS de Lyon"),
    ]
    return sale, lines, payments


def test_the_canonical_form_of_a_ticket_is_exactly_the_golden_bytes():
    sale, lines, payments = golden_ticket()
    assert sealing.canonical(sealing.sale_content(sale, lines, payments)) == GOLDEN


def test_the_seal_is_hmac_sha256_of_the_previous_hash_then_the_canonical_bytes(settings):
    settings.TREMPLIN_JOURNAL_KEYS = "gold:golden-test-key,old:another-key"
    previous = "0f" * 32
    expected = hmac.new(b"golden-test-key", previous.encode("ascii") + GOLDEN, hashlib.sha256).hexdigest()
    sale, lines, payments = golden_ticket()
    assert sealing.current_key_id() == "gold"
    assert sealing.seal(previous, sealing.sale_content(sale, lines, payments), "gold") == expected
    assert sealing.seal(previous, sealing.sale_content(sale, lines, payments), "old") != expected


def test_the_first_ticket_of_a_chain_is_sealed_after_an_empty_previous_hash(settings):
    settings.TREMPLIN_JOURNAL_KEYS = "gold:golden-test-key"
    sale, lines, payments = golden_ticket()
    expected = hmac.new(b"golden-test-key", GOLDEN, hashlib.sha256).hexdigest()
    assert sealing.seal("", sealing.sale_content(sale, lines, payments), "gold") == expected


@pytest.mark.django_db
def test_rotating_the_key_keeps_the_whole_journal_verifiable_and_is_written_in_the_jet(
    site, make_user, settings, django_capture_on_commit_callbacks
):
    user = make_user("site_manager")
    settings.TREMPLIN_JOURNAL_KEYS = "k1:first-secret"
    register = register_at(site)
    person = eligible_person(site)
    sim = recharge_product(kind="sim", name="Carte SIM", face_value="10", solidarity_price="1")
    counted_stock(site, sim, 10)
    sessions.open_session(register, user, 0)
    sell(register, user, person, products=[sim])
    sell(register, user, person, products=[sim])
    close_day(register, user, django_capture_on_commit_callbacks)

    settings.TREMPLIN_JOURNAL_KEYS = "k2:second-secret,k1:first-secret"
    sessions.open_session(register, user, 0)
    sell(register, user, person, products=[sim])
    close_day(register, user, django_capture_on_commit_callbacks)

    assert list(Sale.objects.filter(register=register).order_by("number").values_list("key_id", flat=True)) == [
        "k1",
        "k1",
        "k2",
    ]
    rotation = JournalEvent.objects.get(kind="key_rotation")
    assert rotation.details == {"from": "k1", "to": "k2"}
    report = verify_journal()
    assert report.ok, report.lines()

    # Dropping the old key does not silently pass: every entry it sealed is reported as unverifiable.
    settings.TREMPLIN_JOURNAL_KEYS = "k2:second-secret"
    report = verify_journal(record=False)
    assert not report.ok
    assert {(p.chain, p.number) for p in report.problems if p.chain == "ticket"} == {("ticket", 1), ("ticket", 2)}
    assert all(p.kind == "key" for p in report.problems)
