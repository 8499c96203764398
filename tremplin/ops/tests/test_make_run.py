"""`make run` sends a due reminder to the console without anyone running a command.

The test starts what `make run` starts — honcho with the project's Procfile: the web server and the worker
(django-q2's cluster, scheduler included) — against a copy of this test's database holding one due message,
and waits for the e-mail to appear on the console. Then one SIGINT (Ctrl-C) must stop every process.
"""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from tremplin.notifications.models import Message
from tremplin.notifications.services import queue_message
from tremplin.people.models import Beneficiary

MARKER = "RAPPEL-ATELIER-7Q2"
DEADLINE = 90  # seconds: process start-up on a loaded 2-core machine, then one scheduler pass


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url(tmp_path):
    if connection.vendor == "sqlite":
        # The test database lives in memory: copy it to a file the other processes can open.
        path = tmp_path / "run.sqlite3"
        target = sqlite3.connect(path)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}"
    params = connection.settings_dict
    return f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{params['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_make_run_sends_a_due_reminder_to_the_console(tmp_path, site):
    person = Beneficiary.objects.create(
        first_name="Inès", last_name="Rappel", email="ines@example.org", preferred_channel="email"
    )
    person.sites.add(site)
    queue_message(
        person,
        kind="reminder_same_day",
        subject="Rappel de votre atelier",
        body=f"Votre atelier commence à 14 h. {MARKER}",
        sms_body="",
        due_at=timezone.now(),
        dedupe_key="test:make-run",
    )
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TREMPLIN_", "DJANGO_", "PYTEST", "EMAIL_", "DATABASE_URL"))
    }
    bin_dir = str(Path(sys.executable).parent)
    env.update(
        PATH=f"{bin_dir}:{env.get('PATH', '')}",
        DATABASE_URL=_database_url(tmp_path),
        TREMPLIN_PORT=str(port),
        TREMPLIN_DEMO="1",
        TREMPLIN_MFA_ENFORCED="0",
        TREMPLIN_LOG_FORMAT="plain",
        PYTHONUNBUFFERED="1",
    )
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        # The command of `make run` (Makefile), minus the set-up steps the test did itself.
        honcho = subprocess.Popen(  # noqa: S603
            [str(Path(bin_dir) / "honcho"), "start", "-f", "Procfile"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + DEADLINE
            sent = web_up = False
            while time.monotonic() < deadline and not (sent and web_up):
                time.sleep(0.5)
                sent = sent or MARKER in log.read_text(errors="replace")
                if not web_up:
                    try:
                        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sante/", timeout=2) as response:
                            web_up = response.status == 200
                    except OSError:
                        pass
            output = log.read_text(errors="replace")
            assert sent, f"no e-mail on the console within {DEADLINE} s:\n{output[-3000:]}"
            assert web_up, "the web server did not answer /sante/"
            assert "To: ines@example.org" in output
        finally:
            honcho.send_signal(signal.SIGINT)  # one Ctrl-C
            try:
                honcho.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(honcho.pid, signal.SIGKILL)
                raise
    output = log.read_text(errors="replace")
    assert "web.1 stopped" in output and "worker.1 stopped" in output
    # The worker recorded the message as sent, in the database the processes shared.
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(tmp_path / "run.sqlite3")
        (status,) = copy.execute(
            "SELECT status FROM notifications_message WHERE dedupe_key = 'test:make-run'"
        ).fetchone()
        copy.close()
    else:
        status = Message.objects.get(dedupe_key="test:make-run").status
    assert status == "sent"
