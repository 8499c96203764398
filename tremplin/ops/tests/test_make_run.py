"""`make run` sends a due reminder to the console without anyone running a command.

The test starts what `make run` starts — honcho with the project's Procfile: the web server, the worker
(django-q2's cluster) and the scheduler — against a copy of this test's database holding two messages: one due
already (it leaves at the scheduler's first pass) and one due a little after the start (it leaves at a later
pass of the every-minute job, as the demo's reminders do while it runs). It waits for both e-mails on the
console; then one SIGINT (Ctrl-C) must stop every process.
"""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from tremplin.notifications.models import Message
from tremplin.notifications.services import queue_message
from tremplin.people.models import Beneficiary

MARKER = "RAPPEL-ATELIER-7Q2"
LATER = "RAPPEL-PLUS-TARD-4K9"
LATER_DUE = 20  # seconds after the test queues it: after the scheduler's first pass
# seconds: process start-up on a loaded 2-core machine, then the every-minute job's next run after LATER_DUE
# (scheduler passes every 30 s) — at most about two minutes.
DEADLINE = 180


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
    queue_message(
        person,
        kind="reminder_same_day",
        subject="Rappel de votre atelier",
        body=f"Votre atelier commence à 16 h. {LATER}",
        sms_body="",
        due_at=timezone.now() + timedelta(seconds=LATER_DUE),
        dedupe_key="test:make-run-later",
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
                text = log.read_text(errors="replace")
                sent = MARKER in text and LATER in text
                if not web_up:
                    try:
                        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sante/", timeout=2) as response:
                            web_up = response.status == 200
                    except OSError:
                        pass
            output = log.read_text(errors="replace")
            assert MARKER in output, f"the due e-mail is not on the console within {DEADLINE} s:\n{output[-3000:]}"
            assert LATER in output, f"the later e-mail is not on the console within {DEADLINE} s:\n{output[-3000:]}"
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
    assert "web.1 stopped" in output and "worker.1 stopped" in output and "scheduler.1 stopped" in output
    # The worker recorded the message as sent, in the database the processes shared.
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(tmp_path / "run.sqlite3")
        rows = {
            key: (status, sent_at >= due_at)  # ISO strings of the same form: compared as text
            for key, status, sent_at, due_at in copy.execute(
                "SELECT dedupe_key, status, sent_at, due_at FROM notifications_message"
                " WHERE dedupe_key LIKE 'test:make-run%'"
            ).fetchall()
        }
        copy.close()
    else:
        rows = {
            message.dedupe_key: (message.status, message.sent_at >= message.due_at)
            for message in Message.objects.filter(dedupe_key__startswith="test:make-run")
        }
    # Both sent, each at or after its due time: the later one by a pass of the scheduler after the start.
    assert rows == {"test:make-run": ("sent", True), "test:make-run-later": ("sent", True)}
