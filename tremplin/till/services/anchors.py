"""The anchor file: every closure's hash copied outside the database (written by `sessions.anchor`), read
back and checked against the closures of the database, so that deleting the tail of the journal together
with its closures is detected (part of `verify.verify_journal`).

Line format: ``<ISO time> <register code> closure=<number> kind=<day|month|year> hash=<hex>``.
"""

import re
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Closure

ANCHOR_LINE = re.compile(
    r"^(?P<at>\S+) (?P<register>\S+) closure=(?P<number>\d+) kind=(?P<kind>\w+) hash=(?P<hash>\w*)$"
)


def read_anchor(path=None):
    """The anchor file's lines as dicts (at, register, number, kind, hash); unreadable lines as None."""
    path = Path(path or settings.TREMPLIN_JOURNAL_ANCHOR_FILE)
    if not path.exists():
        return None
    entries = []
    for text in path.read_text(encoding="utf-8").splitlines():
        if not text.strip():
            continue
        match = ANCHOR_LINE.match(text.strip())
        entries.append(match.groupdict() if match else {"raw": text})
    return entries


def check_anchor(report, entries, registers, all_registers):
    """Every closure written to the anchor file must still be in the database, with the same hash."""
    by_code = {register.full_code: register for register in registers}
    if entries is None:
        if Closure.objects.filter(register__in=registers, training=False).exists():
            report.warnings.append(
                _(
                    "fichier d'ancrage %(path)s introuvable : la suppression de la fin du journal "
                    "avec ses clôtures ne peut pas être détectée."
                )
                % {"path": settings.TREMPLIN_JOURNAL_ANCHOR_FILE}
            )
        return
    anchored = set()
    for entry in entries:
        if "raw" in entry:
            report.add("anchor", "anchor", "", None, _("ligne illisible : « %(line)s »") % {"line": entry["raw"][:120]})
            continue
        code, number = entry["register"], int(entry["number"])
        register = by_code.get(code)
        if register is None:
            if all_registers:
                report.add("anchor", "anchor", code, number, _("caisse absente de la base : journal supprimé ?"))
            continue
        anchored.add((register.pk, number))
        closure = Closure.objects.filter(register=register, training=False, number=number).first()
        if closure is None:
            report.add(
                "anchor",
                "anchor",
                code,
                number,
                _(
                    "clôture inscrite le %(at)s hors de la base mais absente de la base : "
                    "fin du journal supprimée avec ses clôtures"
                )
                % {"at": entry["at"]},
            )
        elif closure.hash != entry["hash"] or closure.kind != entry["kind"]:
            report.add(
                "anchor",
                "anchor",
                code,
                number,
                _("l'empreinte de la base diffère de celle inscrite hors de la base le %(at)s") % {"at": entry["at"]},
            )
    missing = Closure.objects.filter(register__in=registers, training=False).values_list("register_id", "number")
    unanchored = sum(1 for key in missing if key not in anchored)
    if unanchored:
        report.warnings.append(
            ngettext(
                "%(count)s clôture absente du fichier d'ancrage (copie hors base non écrite) : "
                "vérifiez l'envoi par e-mail.",
                "%(count)s clôtures absentes du fichier d'ancrage (copie hors base non écrite) : "
                "vérifiez l'envoi par e-mail.",
                unanchored,
            )
            % {"count": unanchored}
        )
