"""Tests on the local cluster (deploy/local-cluster/up): nginx → two gunicorn instances, PostgreSQL, Redis.

Run with `make cluster-test` (brings the cluster up, runs these, leaves it running). They talk HTTP to
the running processes, never to Django in-process, and read the database with psql. Not collected by
`make test` (outside its testpaths): bringing the cluster up takes minutes on a busy machine.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench" / "load"))
from webform import csrf_token, form_fields, options  # noqa: E402

STATE = Path(os.environ.get("CLUSTER_STATE", ROOT / "var" / "cluster"))
CA = str(STATE / "tls.crt")  # the cluster's self-signed certificate, trusted for these tests only
NGINX = f"https://127.0.0.1:{os.environ.get('CLUSTER_HTTPS', '18443')}"
INSTANCE_A = f"http://127.0.0.1:{os.environ.get('CLUSTER_PORT_A', '18101')}"
INSTANCE_B = f"http://127.0.0.1:{os.environ.get('CLUSTER_PORT_B', '18102')}"
DB = os.environ.get("CLUSTER_DB", "tremplin_cluster")
REDIS_DB = os.environ.get("CLUSTER_REDIS_DB", "3")
PASSWORD = "tremplin-demo-2026"  # the public demo password (core/demodata.py)
TOO_MANY = "Trop de tentatives"
MEDIATOR = "mediateur.villeurbanne@demo.tremplin.example"

pytestmark = pytest.mark.skipif(
    not (STATE / "nginx.pid").exists(), reason="cluster not running: make cluster-test starts it"
)


class Client:
    """A browser talking to one address. Straight to an instance (http), it sends what nginx would
    (Host without port, X-Forwarded-Proto, X-Forwarded-For) and its Secure cookies itself.

    The Host matters: allauth's failed-login count is keyed on host + e-mail, so every instance must see
    the same Host (nginx: proxy_set_header Host $host) for the count to be shared."""

    def __init__(self):
        self.cookies = {}

    def request(self, method, base, path, data=None):
        headers = {"Referer": base + path}
        if base.startswith("http://"):
            headers.update({"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"})
            headers["Referer"] = "https://127.0.0.1" + path
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(
            method, base + path, data=data, headers=headers, allow_redirects=False, verify=CA, timeout=30
        )
        for cookie in response.cookies:
            if cookie.value:
                self.cookies[cookie.name] = cookie.value
            else:
                self.cookies.pop(cookie.name, None)
        return response

    def get(self, base, path):
        return self.request("GET", base, path)

    def post(self, base, path, data):
        return self.request("POST", base, path, data)

    def login(self, base, email, password=PASSWORD):
        page = self.get(base, "/comptes/login/")
        assert page.status_code == 200
        return self.post(
            base,
            "/comptes/login/",
            {"csrfmiddlewaretoken": csrf_token(page.text), "login": email, "password": password},
        )


def quick_activity(html):
    """The quick-entry form as offered, with its first theme ticked (one is required): an anonymous visit."""
    return form_fields(html, has_field="duration_choice", thematiques=options(html, "thematiques")[0])


def psql(sql):
    out = subprocess.run(  # noqa: S603
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DB, "-tAc", sql],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def redis(*args):
    out = subprocess.run(  # noqa: S603
        ["redis-cli", "-h", "127.0.0.1", "-n", REDIS_DB, *args],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_nginx_serves_the_app_over_tls_with_static_files_and_redirects_http():
    health = requests.get(f"{NGINX}/sante/", verify=CA, timeout=10)
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    assert health.headers["Strict-Transport-Security"].startswith("max-age=63072000")
    login = requests.get(f"{NGINX}/comptes/login/", verify=CA, timeout=10)
    css = [part.split('"')[0] for part in login.text.split('href="/static/')[1:] if ".css" in part.split('"')[0]]
    assert css, "the login page links a stylesheet"
    static = requests.get(f"{NGINX}/static/{css[0]}", verify=CA, timeout=10)
    assert static.status_code == 200
    assert "immutable" in static.headers["Cache-Control"]  # served by nginx (location /static/), not Django
    plain = requests.get(
        NGINX.replace("https", "http").replace(os.environ.get("CLUSTER_HTTPS", "18443"), "18080") + "/sante/",
        allow_redirects=False,
        timeout=10,
    )
    assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")


def test_a_user_logs_in_on_instance_a_and_carries_on_on_instance_b():
    client = Client()
    response = client.login(INSTANCE_A, MEDIATOR)
    assert response.status_code == 302, response.text[:500]
    assert "__Host-sessionid" in client.cookies
    # The session lives in Redis (cached_db) as well as in PostgreSQL: instance B reads it.
    assert redis("--scan", "--pattern", "*django.contrib.sessions.cached_db*")
    client.cookies.pop("messages", None)  # « Connexion avec Karim Haddad réussie » would name him on any page
    account_b = client.get(INSTANCE_B, "/equipe/mon-compte/")
    assert account_b.status_code == 200
    assert MEDIATOR in account_b.text  # his own account page: logged in on B
    quick_b = client.get(INSTANCE_B, "/activites/saisie-rapide/")
    assert quick_b.status_code == 200
    before = int(psql("SELECT COUNT(*) FROM activities_activity"))
    saved = client.post(INSTANCE_B, "/activites/saisie-rapide/", quick_activity(quick_b.text))
    assert saved.status_code == 302, saved.text[:2000]
    assert int(psql("SELECT COUNT(*) FROM activities_activity")) == before + 1
    # Logging out on A ends the session on B too. The browser would drop the cookie; an attacker who copied it
    # would not: B is asked with the old session cookie, and the session is gone from PostgreSQL and Redis.
    # (The home page "/" is public and answers 200 to anybody: a staff page tells whether B still knows him.)
    session_key = client.cookies["__Host-sessionid"]
    home_a = client.get(INSTANCE_A, "/")
    logout = client.post(INSTANCE_A, "/comptes/logout/", {"csrfmiddlewaretoken": csrf_token(home_a.text)})
    assert logout.status_code == 302
    assert '__Host-sessionid=""' in logout.headers["Set-Cookie"]  # the browser is told to forget it
    assert session_key.isalnum()
    assert psql(f"SELECT COUNT(*) FROM django_session WHERE session_key = '{session_key}'") == "0"  # noqa: S608
    assert not redis("--scan", "--pattern", f"*{session_key}*")
    client.cookies["__Host-sessionid"] = session_key
    after = client.get(INSTANCE_B, "/activites/saisie-rapide/")
    assert after.status_code == 302 and after.headers["Location"].startswith("/comptes/login/")
    account = client.get(INSTANCE_B, "/equipe/mon-compte/")
    assert account.status_code == 302 and MEDIATOR not in account.text


def test_login_throttling_counts_failures_across_both_instances():
    """allauth: 5 failed logins per account per 5 minutes (settings.ACCOUNT_RATE_LIMITS), counted in Redis."""
    redis("FLUSHDB")  # a fresh count (sessions fall back to PostgreSQL: cached_db)
    email = "financeur@demo.tremplin.example"
    statuses, texts = [], []
    for attempt in range(6):
        response = Client().login(INSTANCE_A if attempt % 2 else INSTANCE_B, email, "wrong-password-123")
        statuses.append(response.status_code)
        texts.append(response.text)
    assert all(status == 200 for status in statuses)  # the form again, with its error
    assert not any(TOO_MANY in text for text in texts[:5])
    assert TOO_MANY in texts[5]  # the sixth, on instance A, counts the three failures made on B
    redis("FLUSHDB")


def _stop(name):
    pid = int((STATE / f"web-{name}.pid").read_text())
    os.kill(pid, signal.SIGTERM)  # gunicorn: graceful (requests in flight finish)
    for _ in range(200):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    raise AssertionError(f"instance {name} did not stop")


def test_stopping_an_instance_under_load_loses_no_request_and_no_data():
    users = []
    for _ in range(6):
        client = Client()
        assert client.login(NGINX, MEDIATOR).status_code == 302
        users.append(client)
    before = int(psql("SELECT COUNT(*) FROM activities_activity"))
    results = []  # (kind, status or exception name)
    saved = []
    done = threading.Event()

    def work(client):
        while not done.is_set():
            try:
                page = client.get(NGINX, "/activites/saisie-rapide/")
                results.append(("get", page.status_code))
                if page.status_code != 200:
                    continue
                response = client.post(NGINX, "/activites/saisie-rapide/", quick_activity(page.text))
                results.append(("post", response.status_code))
                if response.status_code == 302:
                    saved.append(1)
            except requests.RequestException as error:
                results.append(("error", type(error).__name__))

    threads = [threading.Thread(target=work, args=(client,)) for client in users]
    for thread in threads:
        thread.start()

    def wait_for(count, seconds=60):
        deadline = time.monotonic() + seconds
        while len(results) < count and time.monotonic() < deadline:
            time.sleep(0.1)

    try:
        wait_for(20)
        _stop("a")  # while requests are in flight on it
        stopped_with = len(results)
        wait_for(stopped_with + 20)
    finally:
        done.set()
        for thread in threads:
            thread.join()
        subprocess.run([str(ROOT / "deploy" / "local-cluster" / "start-web"), "a"], check=True, timeout=120)  # noqa: S603
    after = int(psql("SELECT COUNT(*) FROM activities_activity"))
    failures = [r for r in results if r[1] not in (200, 302)]
    assert not failures, failures
    assert stopped_with >= 20 and len(results) >= stopped_with + 20  # load before and after the stop
    assert after - before == len(saved)  # every activity acknowledged is in the database, no duplicate
    log = (STATE / "web-b.access.log").read_text()
    assert "POST /activites/saisie-rapide/" in log  # B took the load while A was down
