"""Set-up of the till step before a load run (bench/load/run calls it after login.py), through the product's
services, on the cluster's database: every simulated user gets its own register at its account's site,
open for today, so that each sells on its own ticket (a ticket in progress is one per cashier and register,
as at a real counter); the accessory sold has enough stock; the people chosen hold a valid eligibility
today at that site. Writes what locust needs (ids only) to the file given.

    set -a; . var/cluster/tremplin.env; set +a
    .venv/bin/python bench/load/till_setup.py 50 bench/load/results/till.json

Idempotent: the registers (codes L1…L250) are reused; a session left open from a previous day is closed
(daily closure Z at the expected cash) before today's opens.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "load"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tremplin.settings")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402
from staff_accounts import ACCOUNTS  # noqa: E402

from tremplin.accounts.models import User  # noqa: E402
from tremplin.core.roles import Role  # noqa: E402
from tremplin.inventory.models import ConnectivityProduct, ProductKind, ProductStock  # noqa: E402
from tremplin.inventory.services.connectivity import adjust_stock  # noqa: E402
from tremplin.people.models import Beneficiary  # noqa: E402
from tremplin.till.models import Register  # noqa: E402
from tremplin.till.services import sessions  # noqa: E402
from tremplin.till.views.registers import stale_day  # noqa: E402

ACCESSORY = "Câble USB-C 1 m (démo)"  # tremplin/till/demo.py: no rights rule covers accessories
STOCK = 100_000


def main(count, target):
    product = ConnectivityProduct.objects.get(name=ACCESSORY, kind=ProductKind.ACCESSORY, is_active=True)
    today = timezone.localdate()
    plan, people_of, stocked = [], {}, set()
    for n in range(1, count + 1):
        user = User.objects.get(email=ACCOUNTS[n % len(ACCOUNTS)])
        site_id = min(user.site_ids(Role.MEDIATOR, Role.SITE_MANAGER))
        register, _created = Register.objects.get_or_create(
            site_id=site_id, code=f"L{n}", defaults={"name": f"Caisse banc de charge {n}"}
        )
        session = sessions.open_session_of(register)
        if session is not None and stale_day(register, session):
            sessions.close_session(session, user, sessions.expected_cash(session))
            session = None
        if session is None:
            sessions.open_session(register, user, 5000)
        if site_id not in stocked:
            have = ProductStock.objects.filter(site_id=site_id, product=product).values_list("quantity", flat=True)
            missing = STOCK - (have.first() or 0)
            if missing > 0:
                adjust_stock(user, register.site, product, missing, "Livraison (banc de charge)")
            stocked.add(site_id)
        if site_id not in people_of:
            eligible = (
                Beneficiary.objects.visible_to(user)
                .active()
                .filter(sites=site_id, eligibility_records__checked_on__lte=today)
                .filter(eligibility_records__valid_until__gte=today)
                .distinct()
                .order_by("pk")
                .values_list("pk", flat=True)[:40]
            )
            people_of[site_id] = [str(pk) for pk in eligible]
            if not people_of[site_id]:
                sys.exit(f"no eligible person at site {site_id}: the till step cannot sell")
        plan.append({"register": register.pk, "product": product.pk, "people": people_of[site_id]})
    Path(target).write_text(json.dumps(plan), encoding="utf-8")
    os.chmod(target, 0o600)
    print(f"{count} registers open, {product.name}: stock ≥ {STOCK} → {target}")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
