"""Shared pytest fixtures: people with roles, logged-in clients, and the browser harness."""

import pytest

from tremplin.core.testing.browser import *  # noqa: F403
from tremplin.core.testing.demo import demo_data, demo_tests_first, release_demo_after  # noqa: F401 (fixture)
from tremplin.core.testing.fixtures import *  # noqa: F403  (fixtures are discovered by name)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache: login throttling counters live there, keyed by IP."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the interface's default language (French). A request in English (the test client
    runs LocaleMiddleware, which activates the request's language in the thread and leaves it active) made a
    later test of the same worker read its service's messages in English, depending on the order
    (people/tests/test_identifiers_as_printed.py failed so)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _anchor_file(settings, tmp_path):
    """Each test writes cash-journal closure anchors to its own file (outside the database, so no rollback
    undoes them): a closure written by one test must never show in another test's verification as "caisse
    absente de la base" (ops/tests/test_retention.py failed so on PostgreSQL, after a till test of the same
    process). The shared demo data keeps a file of its own (core/testing/demo.py)."""
    settings.TREMPLIN_JOURNAL_ANCHOR_FILE = str(tmp_path / "anchor.log")
    settings.TREMPLIN_JOURNAL_ARCHIVE_DIR = str(tmp_path / "archives")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    release_demo_after(item, nextitem)
    put_migration_data_back_after(item, nextitem)


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    demo_tests_first(items)

    for item in items:
        if "postgres_only" in item.keywords and not settings.IS_POSTGRESQL:
            item.add_marker(pytest.mark.skip(reason="PostgreSQL only (the CI runs it on PostgreSQL)"))
        restore_migration_data_after(item)


def restore_migration_data_after(item):
    """A transactional test (threads, a live server for the browser) empties every table when it ends, and with
    them the rows the migrations wrote (the information notice v1, the national lists…): a later test of the
    same worker would find them gone, or not, depending on the order. Such tests roll back by serialization
    instead (Django's `serialized_rollback`): the database is put back as the migrations left it."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        item.stash[FLUSHES] = True
        if not marker.kwargs.get("serialized_rollback"):
            item.add_marker(
                pytest.mark.django_db(*marker.args, **{**marker.kwargs, "serialized_rollback": True}), append=False
            )
    elif {"live_server", "transactional_db"} & set(item.fixturenames):
        item.stash[FLUSHES] = True
        item.fixturenames.append("django_db_serialized_rollback")


FLUSHES = pytest.StashKey[bool]()


def put_migration_data_back_after(item, nextitem):
    """Django's serialized rollback loads the migrations' rows at the START of a transactional test, and its
    teardown empties every table (`flush`, with post_migrate inhibited when the rows were serialized). In the
    PostgreSQL CI run of 1 December 2026 every test of people/tests/test_notice.py found the information notice v1
    gone on one worker; the test that emptied it was not identified (the same order re-run alone passed). Put
    the rows back after such a test, unless the next test loads them itself (or there is none).
    Idempotent: saving a deserialized row whose key exists updates it."""
    if not item.stash.get(FLUSHES, False) or nextitem is None or nextitem.stash.get(FLUSHES, False):
        return  # nothing flushed; or nothing follows (the test database is gone); or the next test reloads it
    if _skipped(item):
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


def _skipped(item):
    """True when the test did not run (a skip marker applied at collection): nothing was flushed."""
    return any(marker.name == "skip" for marker in item.iter_markers())
