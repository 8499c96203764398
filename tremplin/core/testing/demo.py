"""The demo data (seed_demo), seeded once for a run of consecutive tests that read it.

Tests that walk the demo (every page for every role, the open-data exports, the public pages) ask for the
`demo_data` fixture. The data is written inside an open transaction that each test nests its own
transaction in (pytest-django's `db`), so a test's changes are rolled back as usual and the next test sees
the demo as seeded. The open transaction is kept from one module to the next when the next test to run
also asks for `demo_data`, and rolled back before any other test runs: no other test ever sees demo rows.

`demo_tests_first()` puts these tests at the head of the collection, so that one seeding serves all of them
(on each pytest-xdist worker that runs some of them) instead of one per module: seeding costs several
seconds of CPU (docs/performance.md, « Tests et CI »). Transactional tests (live server, backups) seed in
the test itself: their data must be committed.
"""

import os
import tempfile

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

FIXTURE = "demo_data"


class _Seeded:
    atomic = None  # the open transaction.atomic() holding the demo, or None
    blocker = None
    anchors = None  # the demo's own journal anchor file (settings override), see below


_seeded = _Seeded()


def uses_demo(item):
    return item is not None and FIXTURE in getattr(item, "fixturenames", ())


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data, seeded in an open transaction (rolled back after the last consecutive test that uses it).

    Module-scoped so that it is set up before any test's own transaction (function-scoped `db`)."""
    if _seeded.atomic is None:
        # The demo closes till days, which appends their hashes to the anchor file (outside the database):
        # a file of the demo's own, so that the rollback leaves no anchor of a register that no longer exists
        # in the anchor file the other tests of this process verify against.
        handle, path = tempfile.mkstemp(suffix="-demo-anchor.log")
        os.close(handle)
        anchors = override_settings(TREMPLIN_JOURNAL_ANCHOR_FILE=path)
        anchors.enable()
        _seeded.anchors = anchors
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                call_command("seed_demo", "--quiet-accounts", verbosity=0)
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                anchors.disable()
                _seeded.anchors = None
                raise
        _seeded.atomic, _seeded.blocker = atomic, django_db_blocker
    return None


def release_demo_after(item, nextitem):
    """After `item`'s teardown: roll the demo back unless the next test shares it.

    It is shared only across a module boundary (pytest tears the module fixture down there) when the next
    test asks for it too, and never past the last test (nextitem None)."""
    if _seeded.atomic is None:
        return
    same_module = nextitem is not None and getattr(nextitem, "module", None) is getattr(item, "module", None)
    if same_module or uses_demo(nextitem):
        return
    atomic, blocker, anchors = _seeded.atomic, _seeded.blocker, _seeded.anchors
    _seeded.atomic = _seeded.blocker = _seeded.anchors = None
    with blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    anchors.disable()
    os.unlink(anchors.options["TREMPLIN_JOURNAL_ANCHOR_FILE"])


def demo_tests_first(items):
    """Tests that read the demo first (in their collection order), then the others (in theirs)."""
    items[:] = [item for item in items if uses_demo(item)] + [item for item in items if not uses_demo(item)]
