"""The name-search index stays in step with the records (issue #14); run on both engines."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tremplin.people.models import Beneficiary
from tremplin.people.search import search_beneficiaries, search_by_name
from tremplin.people.search_index import FTS_TABLE, PG_COST, PG_FUNCTION, ensure_search_index
from tremplin.people.services import anonymise_beneficiary, merge_beneficiaries, update_beneficiary

from .factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif(settings.IS_POSTGRESQL, reason="the FTS5 table is SQLite's index")


@pytest.fixture
def manager(make_user):
    return make_user("site_manager")


@pytest.fixture
def helene(site):
    return BeneficiaryFactory(first_name="Hélène", last_name="Lefèvre", sites=[site])


def found(user, query):
    return set(search_beneficiaries(user, query))


def found_network_wide(user, query):
    """Through the network-wide index (search_by_name without a user; the per-site one: test_site_search)."""
    return set(search_by_name(Beneficiary.objects.visible_to(user).active(), query))


def fts_keys(words):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT b.search_name FROM people_beneficiary b JOIN {FTS_TABLE} f ON f.rowid = b.rowid "  # noqa: S608
            f"WHERE {FTS_TABLE} MATCH %s",
            [words],
        )
        return {row[0] for row in cursor.fetchall()}


def test_a_new_record_is_found_at_once(manager, helene):
    assert found(manager, "helene lefevre") == {helene}
    assert found(manager, "Helenne Lefebvre") == {helene}


def test_a_renamed_record_is_found_by_its_new_name_only(manager, helene):
    update_beneficiary(manager, helene, last_name="Kerbrat")

    assert found(manager, "kerbrat") == {helene}
    assert found(manager, "helene kerbrat") == {helene}
    assert found(manager, "lefevre") == set()


def test_an_anonymised_record_is_found_by_no_name(manager, helene):
    anonymise_beneficiary(manager, helene)

    assert found(manager, "helene") == set()
    assert found(manager, "lefevre") == set()


def test_a_merged_record_leaves_the_kept_one_findable(manager, site, helene):
    twin = BeneficiaryFactory(first_name="Helene", last_name="Lefevre", sites=[site])

    merge_beneficiaries(manager, helene, twin)

    assert found(manager, "helene lefevre") == {helene}


@sqlite_only
def test_the_fts_table_follows_inserts_updates_and_deletes(manager, helene):
    assert fts_keys('"lefevre"') == {"helene lefevre"}

    update_beneficiary(manager, helene, first_name="Marie")
    assert fts_keys('"helene"') == set()
    assert fts_keys('"marie" AND "lefevre"') == {"marie lefevre"}

    BeneficiaryFactory(first_name="Marie", last_name="Lefort").delete()
    assert fts_keys('"lefort"') == set()


@sqlite_only
def test_the_index_is_rebuilt_when_a_migration_dropped_its_triggers(manager, helene):
    # Django rebuilds a SQLite table to alter it: the triggers go with the old table.
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER people_beneficiary_name_fts_ai")
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')")  # noqa: S608
    assert found_network_wide(manager, "lefevre") == set()

    ensure_search_index(connection)  # what post_migrate runs

    assert found_network_wide(manager, "lefevre") == {helene}
    newcomer = BeneficiaryFactory(first_name="Anna", last_name="Kowalska", sites=helene.sites.all())
    assert found_network_wide(manager, "kowalska") == {newcomer}


@pytest.mark.skipif(not settings.IS_POSTGRESQL, reason="PostgreSQL's planner setting")
def test_the_trigram_operator_is_priced_for_the_planner():
    with connection.cursor() as cursor:
        cursor.execute("SELECT procost FROM pg_proc WHERE oid = to_regprocedure(%s)", [PG_FUNCTION])
        assert cursor.fetchone()[0] == PG_COST


@sqlite_only
def test_the_index_s_matches_are_found_by_rowid_and_checked_against_the_scope(manager, helene, other_site, make_user):
    # issue #14: each match is read once, by its rowid, then checked against the user's sites (EXISTS on
    # the links' unique index); the earlier `id IN (SELECT id … WHERE rowid IN …)` looked every match of
    # the network up twice.
    elsewhere = BeneficiaryFactory(first_name="Hélène", last_name="Lefebvre", sites=[other_site])
    for typed in ("helene lefevre", "helenne lefebre"):  # exact words, then the typo pass's fragments
        with CaptureQueriesContext(connection) as captured:
            assert found_network_wide(manager, typed) == {helene}
        index_queries = [query["sql"] for query in captured if FTS_TABLE in query["sql"]]
        assert index_queries
        with connection.cursor() as cursor:
            for sql in index_queries:
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                plan = [row[-1] for row in cursor.fetchall()]
                # By rowid: the primary key, or (statistics-free test database) an index ending with it.
                assert any(re.search(r"SEARCH people_beneficiary USING .*\browid=\?", step) for step in plan), plan
                assert any("people_beneficiary_sites" in step for step in plan), plan
                assert not any("sqlite_autoindex_people_beneficiary_1" in step for step in plan), plan
    assert found_network_wide(manager, "lefebvre") == {helene}
    assert elsewhere in found_network_wide(make_user("mediator", at=other_site), "lefebvre")
