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
        if not marker.kwargs.get("serialized_rollback"):
            item.add_marker(
                pytest.mark.django_db(*marker.args, **{**marker.kwargs, "serialized_rollback": True}), append=False
            )
    elif {"live_server", "transactional_db"} & set(item.fixturenames):
        item.fixturenames.append("django_db_serialized_rollback")
