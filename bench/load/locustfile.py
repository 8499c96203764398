"""Load test of the local cluster (deploy/local-cluster/up): staff users doing a realistic mix, or a bare
probe for the ceiling. Run through bench/load/run (headless, bounded in time, loopback only).

    LOAD_MIX=staff   search a person, open a record, enrol them in a session, record a quick activity,
                     reserve a device, sell at the till (weights below), each user logged in as a demo
                     mediator; the till step sells an accessory to an eligible person at the user's own
                     register, opened beforehand by till_setup.py (bench/load/run)
    LOAD_MIX=hello   GET /sante/ (liveness: no session, no query) — the ceiling of the same cluster

Each simulated user connects from its own loopback address (127.0.1.N), as staff at different places
would: login throttling counts per address (30 logins per minute per address), like in production.
"""

import itertools
import json
import os
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

from locust import HttpUser, between, constant, task
from requests.adapters import HTTPAdapter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from staff_accounts import ACCOUNTS, PASSWORD
from webform import csrf_token, form_fields, options

HOST = os.environ.get("LOAD_HOST", "https://127.0.0.1:18443")
CA = os.environ.get("LOAD_CA", str(Path(__file__).resolve().parents[2] / "var" / "cluster" / "tls.crt"))
SEARCHES = ["mar", "ber", "lef", "dup", "gar", "mor", "ros", "fa", "lau", "pet"]
PERSON_LINK = re.compile(r'href="/personnes/([0-9a-f-]{36})/"')
DEVICE_LINK = re.compile(r'href="/materiel/appareils/(\d+)/"')
BASKET_TOKEN = re.compile(r'name="basket" value="([0-9a-f-]{36})"')
_addresses = itertools.count(1)


class SourceAddress(HTTPAdapter):
    def __init__(self, address, **kwargs):
        self.address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        return super().init_poolmanager(*args, **kwargs)


class Staff(HttpUser):
    host = HOST
    # Closed loop by default (LOAD_WAIT=0): each user sends its next request as soon as the previous one is
    # answered, so the figures are the cluster's capacity for the mix and for the hello probe alike.
    # LOAD_WAIT=1 adds a think time of 0.5-2 s (a person at a desk).
    wait_time = between(0.5, 2) if os.environ.get("LOAD_WAIT") == "1" else constant(0)

    def on_start(self):
        n = next(_addresses)
        self.client.mount("https://", SourceAddress(f"127.0.1.{n % 250 + 1}"))
        self.client.verify = CA
        self.people, self.devices = [], []
        if os.environ.get("LOAD_MIX", "staff") == "hello":
            return
        sessions = os.environ.get("LOAD_SESSIONS")
        if sessions:  # logged in beforehand by login.py: the measured mix holds no login
            for name, value in json.loads(Path(sessions).read_text())[(n - 1) % 250].items():
                self.client.cookies.set(name, value)
        else:
            self.login(n)
        listing = self.client.get("/personnes/", name="people list")
        self.people = sorted(set(PERSON_LINK.findall(listing.text)))
        devices = self.client.get("/materiel/appareils/", name="device list")
        self.devices = sorted(set(DEVICE_LINK.findall(devices.text)))
        till = os.environ.get("LOAD_TILL")
        self.till = json.loads(Path(till).read_text())[(n - 1) % 250] if till else None

    def login(self, n):
        page = self.client.get("/comptes/login/", name="login")
        response = self.client.post(
            "/comptes/login/",
            {"csrfmiddlewaretoken": csrf_token(page.text), "login": ACCOUNTS[n % len(ACCOUNTS)], "password": PASSWORD},
            name="login",
            headers={"Referer": f"{HOST}/comptes/login/"},
        )
        if "/comptes/login/" in response.url:
            response.failure("login refused")

    def post(self, path, data, name):
        return self.client.post(path, data, name=name, headers={"Referer": HOST + path})

    @task(3)
    def search_person(self):
        if os.environ.get("LOAD_MIX", "staff") == "hello":
            return self.hello()
        page = self.client.get("/personnes/", name="search a person")
        self.post("/personnes/", {"csrfmiddlewaretoken": csrf_token(page.text), "q": random.choice(SEARCHES)},
                  "search a person")  # fmt: skip

    @task(3)
    def open_record(self):
        if os.environ.get("LOAD_MIX", "staff") == "hello" or not self.people:
            return self.hello()
        self.client.get(f"/personnes/{random.choice(self.people)}/", name="open a record")

    @task(1)
    def enrol(self):
        if os.environ.get("LOAD_MIX", "staff") == "hello" or not self.people:
            return self.hello()
        path = f"/ateliers/personne/{random.choice(self.people)}/inscrire/"
        page = self.client.get(path, name="enrol")
        pks = options(page.text, "pk")
        if page.status_code == 200 and pks:
            self.post(path, {"csrfmiddlewaretoken": csrf_token(page.text), "target": "session",
                             "pk": random.choice(pks)}, "enrol")  # fmt: skip

    @task(2)
    def quick_activity(self):
        if os.environ.get("LOAD_MIX", "staff") == "hello":
            return self.hello()
        path = "/activites/saisie-rapide/"
        page = self.client.get(path, name="quick activity")
        fields = form_fields(page.text, has_field="duration_choice", thematiques=options(page.text, "thematiques")[0])
        response = self.post(path, fields, "quick activity")
        if "/saisie-rapide/" in response.url:
            response.failure("activity not saved")

    @task(1)
    def reserve_device(self):
        if os.environ.get("LOAD_MIX", "staff") == "hello" or not (self.devices and self.people):
            return self.hello()
        device, person = random.choice(self.devices), random.choice(self.people)
        path = f"/materiel/appareils/{device}/reserver/"
        page = self.client.get(f"{path}?personne={person}", name="reserve a device")
        if page.status_code != 200:  # not in stock any more (reserved or sold meanwhile): a normal answer
            return
        until = (date.today() + timedelta(days=7)).isoformat()
        self.post(path, {"csrfmiddlewaretoken": csrf_token(page.text), "beneficiary": person, "until": until},
                  "reserve a device")  # fmt: skip

    @task(1)
    def sell_at_till(self):
        """The sale screen's own forms, in a cashier's order: person, article, cash payment, « Encaisser »."""
        if os.environ.get("LOAD_MIX", "staff") == "hello" or not self.till:
            return self.hello()
        base = f"/caisse/caisses/{self.till['register']}/vente/"
        page = self.client.get(base, name="sell at the till")
        steps = [
            ("personne/", {"beneficiary": random.choice(self.till["people"])}),
            ("article/", {"product": self.till["product"]}),
            ("paiement/", {"method": "cash", "amount": "10"}),  # the change is computed
        ]
        for step, data in steps:
            data["csrfmiddlewaretoken"] = csrf_token(page.text)
            page = self.post(base + step, data, "sell at the till")
        token = BASKET_TOKEN.search(page.text)
        if token is None:
            page.failure("no ticket to cash in")
            return
        path = f"/caisse/caisses/{self.till['register']}/encaisser/"
        with self.client.post(path, {"csrfmiddlewaretoken": csrf_token(page.text), "basket": token.group(1)},
                              name="sell at the till", headers={"Referer": HOST + base},
                              catch_response=True) as ticket:  # fmt: skip
            if "encaissé" not in ticket.text:
                ticket.failure("not cashed in")

    def hello(self):
        self.client.get("/sante/", name="hello (/sante/)")
