"""The yearly archive: a ZIP of CSV files and a signed manifest, checked by a verifier without database.

The verifier (bin/verify-cash-archive) runs here as an auditor would: `python -I -S`, no Django, no site
packages, the key from the environment. A one-byte change anywhere in the file is reported.
"""

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
import zoneinfo
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from tremplin.till.models import JournalEvent, Sale, TillSettings
from tremplin.till.services import sealing, sessions
from tremplin.till.services.archive import archive_format, make_archive

from .factories import counted_stock, person_at, recharge_product, register_at, sell

pytestmark = pytest.mark.django_db

SCRIPT = Path(django_settings.BASE_DIR) / "bin" / "verify-cash-archive"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
YEAR = timezone.localdate().year - 1


@pytest.fixture
def archive(site, partner, make_user, django_capture_on_commit_callbacks):
    """Last year: three tickets on 2 March (cash, card, partner), closed; then the archive of that year."""
    TillSettings.objects.update_or_create(pk=1, defaults={"eligibility_required": False})
    user = make_user("site_manager")
    register = register_at(site)
    person = person_at(site, "Zoé", "N'Diaye")
    sim = recharge_product(kind="sim", name="Carte SIM « 4G »", face_value="10", solidarity_price="1")
    counted_stock(site, sim, 10)
    day = datetime(YEAR, 3, 2, 9, tzinfo=PARIS)
    sessions.open_session(register, user, 2000, now=day)
    sell(register, user, person, products=[sim], now=day.replace(hour=10))
    sell(register, user, person, products=[sim, sim], payments=[("card", 200, None)], now=day.replace(hour=11))
    sell(register, user, person, products=[sim], payments=[("partner", 100, partner)], now=day.replace(hour=12))
    with django_capture_on_commit_callbacks(execute=True):
        sessions.close_session(sessions.open_session_of(register), user, 2100, now=day.replace(hour=18))
    return make_archive(YEAR)


def run_verifier(path, *args, keys=None):
    env = {"TREMPLIN_JOURNAL_KEYS": keys if keys is not None else django_settings.TREMPLIN_JOURNAL_KEYS}
    env["PATH"] = os.environ.get("PATH", "")
    return subprocess.run(  # noqa: S603 (our own script, run by the test's Python)
        [sys.executable, "-I", "-S", str(SCRIPT), str(path), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_the_archive_holds_the_year_s_tickets_lines_payments_closures_and_events(archive):
    with zipfile.ZipFile(archive) as zipped:
        assert zipped.namelist() == [
            "tickets.csv",
            "lines.csv",
            "payments.csv",
            "closures.csv",
            "events.csv",
            "manifest.json",
            "manifest.sig",
        ]
        tickets = list(csv.DictReader(io.StringIO(zipped.read("tickets.csv").decode()), delimiter=";"))
        lines = list(csv.DictReader(io.StringIO(zipped.read("lines.csv").decode()), delimiter=";"))
        payments = list(csv.DictReader(io.StringIO(zipped.read("payments.csv").decode()), delimiter=";"))
        closures = list(csv.DictReader(io.StringIO(zipped.read("closures.csv").decode()), delimiter=";"))
        manifest = json.loads(zipped.read("manifest.json"))
    sales = list(Sale.objects.order_by("number"))
    assert [row["number"] for row in tickets] == ["1", "2", "3"]
    for row, sale in zip(tickets, sales, strict=True):
        content = sealing.sale_content(sale, list(sale.lines.order_by("position")), list(sale.payments.all()))
        assert row["canonical"] == sealing.canonical(content).decode()
        assert (row["previous_hash"], row["hash"], row["key_id"]) == (sale.previous_hash, sale.hash, "dev1")
    assert [(row["number"], row["position"], row["quantity"]) for row in lines] == [
        ("1", "1", "1"),
        ("2", "1", "2"),
        ("3", "1", "1"),
    ]
    assert [(row["method"], row["amount_cents"]) for row in payments] == [
        ("cash", "100"),
        ("card", "200"),
        ("partner", "100"),
    ]
    assert [row["kind"] for row in closures] == ["day"]
    assert manifest["year"] == YEAR and manifest["key_id"] == "dev1"
    assert manifest["files"]["tickets.csv"]["rows"] == 3
    ticket_chain = next(c for c in manifest["chains"] if c["file"] == "tickets.csv")
    assert ticket_chain == {
        "file": "tickets.csv",
        "register": "LYT-C1",
        "training": False,
        "first_number": 1,
        "first_previous_hash": "",
        "count": 3,
        "last_number": 3,
        "last_hash": sales[-1].hash,
    }
    event = JournalEvent.objects.get(kind="archive")
    assert event.details["year"] == YEAR and event.details["file"] == archive.name


def test_the_standalone_verifier_accepts_an_intact_archive_without_django(archive):
    done = run_verifier(archive)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Archive intègre")
    assert run_verifier(archive, "--key-id", "dev1").returncode == 0


def test_the_verifier_needs_the_key(archive):
    done = run_verifier(archive, keys="other:some-other-secret")
    assert done.returncode == 2
    assert "Clé « dev1 » absente" in done.stderr
    wrong = run_verifier(archive, keys="dev1:not-the-right-secret")
    assert wrong.returncode == 1
    assert "signature du manifeste invalide" in wrong.stdout


def byte_positions(path):
    """Offsets in every part of the ZIP: each member's data, a local header, the central directory, the end."""
    with zipfile.ZipFile(path) as zipped:
        infos = zipped.infolist()
        positions = {}
        raw = Path(path).read_bytes()
        for info in infos:
            name_length = int.from_bytes(raw[info.header_offset + 26 : info.header_offset + 28], "little")
            extra_length = int.from_bytes(raw[info.header_offset + 28 : info.header_offset + 30], "little")
            data = info.header_offset + 30 + name_length + extra_length
            positions[f"{info.filename} (début)"] = data
            positions[f"{info.filename} (milieu)"] = data + info.file_size // 2
            positions[f"{info.filename} (fin)"] = data + info.file_size - 1
        positions["date d'un en-tête local"] = infos[0].header_offset + 10
        central = raw.rfind(b"PK\x01\x02")
        positions["date dans le répertoire central"] = central + 12
        positions["dernier octet"] = len(raw) - 1
    return positions


def test_a_one_byte_change_anywhere_is_reported(archive, tmp_path):
    verifier = archive_format()
    keys = verifier.parse_keys(django_settings.TREMPLIN_JOURNAL_KEYS)
    original = archive.read_bytes()
    positions = byte_positions(archive)
    assert len(positions) == 7 * 3 + 3
    for label, offset in positions.items():
        changed = bytearray(original)
        changed[offset] ^= 0x01
        copy = tmp_path / "altered.zip"
        copy.write_bytes(bytes(changed))
        assert verifier.verify_archive(copy, keys), f"not reported: {label} (byte {offset})"
    assert verifier.verify_archive(archive, keys) == []


def test_a_changed_amount_with_its_file_hash_fixed_is_still_caught_by_the_signature_and_the_chain(archive, tmp_path):
    """An attacker who edits tickets.csv and rewrites its SHA-256 in the manifest cannot re-sign it."""
    verifier = archive_format()
    with zipfile.ZipFile(archive) as zipped:
        members = {name: zipped.read(name) for name in zipped.namelist()}
    members["tickets.csv"] = members["tickets.csv"].replace(b'"total_cents"":100', b'"total_cents"":1', 1)
    manifest = json.loads(members["manifest.json"])
    import hashlib

    manifest["files"]["tickets.csv"]["sha256"] = hashlib.sha256(members["tickets.csv"]).hexdigest()
    members["manifest.json"] = verifier.manifest_bytes(manifest)
    forged = tmp_path / "forged.zip"
    with forged.open("wb") as target:
        verifier.write_zip(target, [(name, io.BytesIO(data)) for name, data in members.items()])
    done = run_verifier(forged)
    assert done.returncode == 1
    assert "signature du manifeste invalide" in done.stdout
    assert "caisse LYT-C1, ticket n°1 : empreinte invalide" in done.stdout


def test_the_command_writes_the_archive_and_refuses_a_year_not_over(archive, capsys):
    call_command("archive_cash_journal", str(YEAR))
    assert "Archive" in capsys.readouterr().out
    assert len(list(archive.parent.glob(f"journal-caisse-{YEAR}-*.zip"))) >= 1
    with pytest.raises(ValidationError, match="n'est pas terminée"):
        make_archive(timezone.localdate().year)
