"""manage.py backup and restore_drill on the demo data, on the engine the suite runs on (CI: both)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tremplin.core.backup import ANCHOR_COPY, MANIFEST
from tremplin.till.models import Sale


def run(*args):
    out = StringIO()
    try:
        call_command(*args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_the_demo_restores_and_passes_the_drill_and_a_damaged_one_fails(tmp_path):
    call_command("seed_demo", "--quiet-accounts", stdout=StringIO())
    sales = Sale.objects.count()
    assert sales > 0

    backups = tmp_path / "backups"  # tmp_path also holds the test's anchor file (conftest._anchor_file)
    code, out = run("backup", "--output", str(backups))
    assert code == 0
    (backup,) = backups.iterdir()
    assert "restore_drill" in out
    for secret in ("TREMPLIN_FIELD_KEY", "TREMPLIN_JOURNAL_KEYS", "SECRET_KEY"):
        assert secret in out  # the reminder: what a restore needs that the backup does not hold
    manifest = json.loads((backup / MANIFEST).read_text())
    assert manifest["engine"] == connection.vendor
    assert manifest["counts"]["till_sale"] == sales
    assert (backup / ANCHOR_COPY).exists()  # the demo closed days: their hashes travel with the dump

    code, out = run("restore_drill", str(backup))
    assert code == 0, out
    for check in ("[OK] restauration", "[OK] migrations", "[OK] clés étrangères", "[OK] nombre de lignes"):
        assert check in out
    assert "[OK] journal de caisse" in out
    assert f"{sales} tickets" in out
    assert out.rstrip().endswith("Exercice de restauration réussi.")

    # Damage it twice: the manifest says one more ticket than the dump holds (a backup that lost rows),
    # and the anchor copy holds a closure hash the restored journal does not have. Both are reported.
    manifest["counts"]["till_sale"] = sales + 1
    (backup / MANIFEST).write_text(json.dumps(manifest))
    anchor = backup / ANCHOR_COPY
    lines = anchor.read_text().splitlines()
    head, _, digest = lines[-1].rpartition("hash=")
    lines[-1] = head + "hash=" + ("0" if digest[0] != "0" else "1") + digest[1:]
    anchor.write_text("\n".join(lines) + "\n")
    code, out = run("restore_drill", str(backup))
    assert code == 1
    assert "[OK] migrations" in out and "[OK] clés étrangères" in out
    assert "[ÉCHEC] nombre de lignes" in out
    assert f"till_sale : {sales} au lieu de {sales + 1}" in out
    assert "[ÉCHEC] journal de caisse" in out
    assert out.rstrip().endswith("Exercice de restauration en ÉCHEC.")


def test_a_path_that_is_not_a_backup_is_refused_with_a_clear_message(tmp_path):
    stray = tmp_path / "notes.txt"
    stray.write_text("bonjour")
    with pytest.raises(CommandError, match="ni une sauvegarde pg_dump"):
        call_command("restore_drill", str(stray))
    with pytest.raises(CommandError, match="introuvable"):
        call_command("restore_drill", str(tmp_path / "absent.dump"))
    with pytest.raises(CommandError, match=r"pas de manifest\.json"):
        call_command("restore_drill", str(tmp_path))
