"""The yearly archive of the cash journal: a ZIP of CSV files and a manifest signed with the journal key.

Contents (format and columns defined once, in bin/verify-cash-archive, which this module loads):
tickets.csv (each ticket's canonical JSON, previous hash, hash, key id), lines.csv, payments.csv,
closures.csv (every closure of the year, canonical JSON and hashes), events.csv (the JET entries of the
year), and manifest.json (SHA-256 and row count of each file, first/last number and hash of each chain)
with manifest.sig = HMAC-SHA256(journal key, manifest.json). The archive verifies without the database:
``bin/verify-cash-archive FILE`` (stdlib only). Archives and closures are kept 6 years (docs/caisse-conformite.md).
"""

import contextlib
import hashlib
import importlib.util
import io
import tempfile
from datetime import date, datetime, time
from importlib.machinery import SourceFileLoader
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Closure, EventKind, JournalEvent, Register, Sale
from . import chain, sealing
from .sessions import site_timezone
from .verify import _sale_batches

VERIFIER = Path(settings.BASE_DIR) / "bin" / "verify-cash-archive"


def archive_format():
    """The standalone verifier's module: the one definition of the archive's columns and ZIP layout."""
    loader = SourceFileLoader("tremplin_verify_cash_archive", str(VERIFIER))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def _year_bounds(year, tz):
    return (
        timezone.make_aware(datetime.combine(date(year, 1, 1), time.min), tz),
        timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min), tz),
    )


class _Chains:
    """Start, end and count of each chain written, for the manifest."""

    def __init__(self):
        self.chains = []

    def add(self, file, register, training, entries):
        """`entries`: an iterator of (number, previous_hash, hash); consumed while the rows are written."""
        record = None
        for number, previous_hash, hash_ in entries:
            if record is None:
                record = {
                    "file": file,
                    "register": register,
                    "training": training,
                    "first_number": number,
                    "first_previous_hash": previous_hash,
                    "count": 0,
                }
                self.chains.append(record)
            record["count"] += 1
            record["last_number"], record["last_hash"] = number, hash_


def make_archive(year, actor=None, now=None):
    """Write the archive of `year` to TREMPLIN_JOURNAL_ARCHIVE_DIR; record an ARCHIVE event; return its path."""
    now = now or timezone.now()
    if year >= timezone.localdate(now).year:
        raise ValidationError(
            _("L'année %(year)s n'est pas terminée : elle ne peut pas encore être archivée.") % {"year": year}
        )
    fmt = archive_format()
    key_id = sealing.current_key_id()
    chains = _Chains()
    with contextlib.ExitStack() as stack:
        spools = {name: stack.enter_context(tempfile.TemporaryFile()) for name in fmt.FILES}
        writers = {}
        for name, columns in fmt.FILES.items():
            text = io.TextIOWrapper(spools[name], encoding="utf-8", newline="", write_through=True)
            writers[name] = (text, fmt.csv_writer(text))
            writers[name][1].writerow(columns)
        registers = Register.objects.select_related("site").order_by("site__code", "code")
        for register in registers:
            start, end = _year_bounds(year, site_timezone(register.site))
            for training in (False, True):
                chains.add(
                    "tickets.csv",
                    register.full_code,
                    training,
                    _write_tickets(fmt, writers, register, training, start, end),
                )
                closures = (
                    Closure.objects.filter(
                        register=register,
                        training=training,
                        period_start__gte=date(year, 1, 1),
                        period_start__lt=date(year + 1, 1, 1),
                    )
                    .order_by("number")
                    .iterator(chunk_size=500)
                )
                chains.add(
                    "closures.csv", register.full_code, training, _write_closures(fmt, writers, register, closures)
                )
        start, end = _year_bounds(year, timezone.get_default_timezone())
        events = (
            JournalEvent.objects.filter(at__gte=start, at__lt=end).select_related("register__site").order_by("number")
        )
        chains.add("events.csv", None, False, _write_events(fmt, writers, events.iterator(chunk_size=2000)))

        files = {}
        for name, (text, _writer) in writers.items():
            text.flush()
            text.detach()
            spool = spools[name]
            spool.seek(0)
            digest = hashlib.sha256()
            for chunk in iter(lambda spool=spool: spool.read(1 << 20), b""):
                digest.update(chunk)
            spool.seek(0)
            rows = _count_rows(fmt, spool)
            files[name] = {"sha256": digest.hexdigest(), "rows": rows}
            spool.seek(0)
        manifest = {
            "format": fmt.FORMAT,
            "year": year,
            "created_at": sealing.utc_iso(now),
            "key_id": key_id,
            "files": files,
            "chains": chains.chains,
            "retention": "À conserver 6 ans (article L102 B du livre des procédures fiscales).",
        }
        manifest_bytes = fmt.manifest_bytes(manifest)
        key = sealing.journal_keys()[key_id]
        signature = f"hmac-sha256 {key_id} {fmt.sign_manifest(key, manifest_bytes)}\n".encode()

        directory = Path(settings.TREMPLIN_JOURNAL_ARCHIVE_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"journal-caisse-{year}-{now:%Y%m%dT%H%M%S}.zip"
        members = [(name, spools[name]) for name in fmt.FILES]
        members += [(fmt.MANIFEST, io.BytesIO(manifest_bytes)), (fmt.SIGNATURE, io.BytesIO(signature))]
        with path.open("wb") as target:
            fmt.write_zip(target, members)
    with path.open("rb") as written:
        zip_digest = hashlib.file_digest(written, "sha256").hexdigest()
    chain.record_event(
        EventKind.ARCHIVE,
        actor,
        None,
        {"year": year, "file": path.name, "sha256": zip_digest, "key_id": key_id, "files": files},
    )
    return path


def _count_rows(fmt, spool):
    import csv

    text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
    count = sum(1 for _ in csv.reader(text, delimiter=fmt.DELIMITER)) - 1
    text.detach()
    return count


def _write_tickets(fmt, writers, register, training, start, end):
    """Tickets of the year in number order (streamed in batches), with their lines and payments."""
    queryset = Sale.objects.filter(register=register, training=training, finalised_at__gte=start, finalised_at__lt=end)
    for batch in _sale_batches(register, training, queryset):
        for sale, lines, payments in batch:
            content = sealing.sale_content(sale, lines, payments)
            writers["tickets.csv"][1].writerow(fmt.ticket_row(content, sale.key_id, sale.previous_hash, sale.hash))
            writers["lines.csv"][1].writerows(fmt.line_rows(content))
            writers["payments.csv"][1].writerows(fmt.payment_rows(content))
            yield sale.number, sale.previous_hash, sale.hash


def _write_closures(fmt, writers, register, closures):
    for closure in closures:
        closure.register = register
        content = sealing.closure_content(closure)
        writers["closures.csv"][1].writerow(
            fmt.closure_row(content, closure.key_id, closure.previous_hash, closure.hash)
        )
        yield closure.number, closure.previous_hash, closure.hash


def _write_events(fmt, writers, events):
    for event in events:
        content = sealing.event_content(event)
        writers["events.csv"][1].writerow(fmt.event_row(content, event.key_id, event.previous_hash, event.hash))
        yield event.number, event.previous_hash, event.hash
