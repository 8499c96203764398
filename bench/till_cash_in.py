#!/usr/bin/env python
"""Time cashing in (finalise.cash_in) a 3-line ticket on a register whose journal holds 1,000,000 tickets.

    python bench/till_cash_in.py --tickets 20000 --runs 50          # quick run, bench/till.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_till_journal python bench/till_cash_in.py

First fills the journal (bench/till_common.fill_journal: sealed, chained tickets inserted in bulk, one
closed day per 10,000), unless it already holds --tickets. Then, --runs times: a basket with 3 lines
(a SIM card and two accessories, from counted stock) paid in cash is built (untimed), and cash_in() —
rights check, stock moves, numbering under the chain lock, sealing, insert — is timed. Reports the
median and the 95th percentile (target: p95 under 100 ms on PostgreSQL).
"""

import argparse
import math
import statistics
import time

from till_common import bench_register, fill_journal, setup, spaced


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=1_000_000, help="journal size (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=200, help="timed cash-ins (default 200)")
    args = parser.parse_args()
    label = setup()
    from django.db import connection

    from tremplin.inventory.models import ConnectivityProduct
    from tremplin.inventory.services.connectivity import adjust_stock
    from tremplin.people.models import Beneficiary, EligibilityProofType, EligibilityRecord
    from tremplin.till.services import baskets, finalise, sessions

    print(f"Base : {label}")
    register, user = bench_register()
    started = time.perf_counter()
    added = fill_journal(register, user, args.tickets)
    if added:
        print(f"Journal rempli : {spaced(added)} tickets en {time.perf_counter() - started:.0f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    products = []
    for name, kind, price in (
        ("Carte SIM", "sim", "1"),
        ("Câble USB-C", "accessory", "3"),
        ("Coque", "accessory", "4"),
    ):
        product, _ = ConnectivityProduct.objects.get_or_create(
            operator="Bench",
            name=name,
            defaults={"kind": kind, "face_value": "10", "solidarity_price": price},
        )
        adjust_stock(user, register.site, product, args.runs + 5, "banc d'essai")
        products.append(product)
    person = Beneficiary.objects.create(first_name="Zoé", last_name="Bench", birth_year=1980)
    person.sites.add(register.site)
    proof, _ = EligibilityProofType.objects.get_or_create(name="Justificatif (banc d'essai)")
    EligibilityRecord.objects.create(beneficiary=person, proof_type=proof, checked_by=user, valid_until="2099-12-31")
    if sessions.open_session_of(register) is None:
        sessions.open_session(register, user, 0)

    timings, cpu = [], []
    for _ in range(args.runs):
        basket = baskets.open_basket(register, user)
        baskets.set_person(basket, person)
        for product in products:
            baskets.add_product(basket, product)
        baskets.add_payment(basket, "cash", baskets.summarise(basket).total_cents)
        start, start_cpu = time.perf_counter(), time.process_time()
        finalise.cash_in(basket.token, user)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    head = register.sales.order_by("-number").values_list("number", flat=True).first()
    print(f"cash_in d'un ticket de 3 lignes, journal de {spaced(head)} tickets, {args.runs} essais :")
    print(
        f"  médiane {statistics.median(timings):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms, "
        f"min {min(timings):.1f} ms, max {max(timings):.1f} ms"
    )
    # CPU time of this process only (Django, sealing; not the database server's): what the load cannot inflate.
    print(
        f"  temps CPU du processus Python : médiane {statistics.median(cpu):.1f} ms, p95 {percentile(cpu, 0.95):.1f} ms"
    )


if __name__ == "__main__":
    main()
