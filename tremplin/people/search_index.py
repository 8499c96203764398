"""The name-search indexes each engine answers from (issue #14, docs/performance.md).

- SQLite: an FTS5 table with the trigram tokenizer over `people_beneficiary.search_name` (external
  content: it holds only the index), kept in step by triggers on insert, update and delete — whatever
  writes the row (save, bulk_create, update(), a migration). Search asks it for the rowids whose key
  contains every typed word (or, for typos, one of their three-letter fragments) instead of reading
  every person with LIKE.
- PostgreSQL: the GIN trigram index on search_name (migration 0004) is only chosen by the planner when
  the word-similarity operator `%>` is priced as what it is (a function over every trigram, not the
  default cost of 1): `ALTER FUNCTION word_similarity_commutator_op … COST 100`. Only the owner of the
  function (the extension's owner) may run it; when the database user may not, the search still works,
  reads the site's people, and a warning says who should run it.

`ensure_search_index()` is idempotent and cheap; it runs from migration 0009 and after every `migrate`
(post_migrate), because Django rebuilds a SQLite table to alter it ("remake"), which drops its triggers
and renumbers its rowids: the index is then recreated and refilled.
"""

import logging

from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)

FTS_TABLE = "people_beneficiary_name_fts"
TRIGGERS = {
    "people_beneficiary_name_fts_ai": """
        CREATE TRIGGER IF NOT EXISTS people_beneficiary_name_fts_ai AFTER INSERT ON people_beneficiary BEGIN
            INSERT INTO people_beneficiary_name_fts(rowid, search_name) VALUES (new.rowid, new.search_name);
        END""",
    "people_beneficiary_name_fts_ad": """
        CREATE TRIGGER IF NOT EXISTS people_beneficiary_name_fts_ad AFTER DELETE ON people_beneficiary BEGIN
            INSERT INTO people_beneficiary_name_fts(people_beneficiary_name_fts, rowid, search_name)
                VALUES ('delete', old.rowid, old.search_name);
        END""",
    "people_beneficiary_name_fts_au": """
        CREATE TRIGGER IF NOT EXISTS people_beneficiary_name_fts_au AFTER UPDATE OF search_name ON people_beneficiary
        BEGIN
            INSERT INTO people_beneficiary_name_fts(people_beneficiary_name_fts, rowid, search_name)
                VALUES ('delete', old.rowid, old.search_name);
            INSERT INTO people_beneficiary_name_fts(rowid, search_name) VALUES (new.rowid, new.search_name);
        END""",
}
# PostgreSQL: pg_trgm's function behind `text %> text`, and the cost that makes the planner use the index.
PG_FUNCTION = "word_similarity_commutator_op(text, text)"
PG_COST = 100


def ensure_search_index(connection):
    if connection.vendor == "sqlite":
        _ensure_fts(connection)
    elif connection.vendor == "postgresql":
        _price_trigram_operator(connection)


def _ensure_fts(connection):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s", [FTS_TABLE + "%"]
        )
        present = {name for (name,) in cursor.fetchall()}
        if "people_beneficiary" not in connection.introspection.table_names(cursor):
            return
        if FTS_TABLE in present and set(TRIGGERS) <= present:
            return
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "search_name, content='people_beneficiary', content_rowid='rowid', tokenize='trigram')"
        )
        for sql in TRIGGERS.values():
            cursor.execute(sql)
        # Triggers were missing (new index, or the table was rebuilt): refill from the table.
        cursor.execute("INSERT INTO people_beneficiary_name_fts(people_beneficiary_name_fts) VALUES ('rebuild')")


def drop_search_index(connection):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for name in TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif connection.vendor == "postgresql":
        _price_trigram_operator(connection, cost=1)


def _price_trigram_operator(connection, cost=PG_COST):
    with connection.cursor() as cursor:
        cursor.execute("SELECT procost FROM pg_proc WHERE oid = to_regprocedure(%s)", [PG_FUNCTION])
        row = cursor.fetchone()
        if row is None or row[0] == cost:
            return
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute(f"ALTER FUNCTION {PG_FUNCTION} COST {int(cost)}")
        except DatabaseError:
            logger.warning(
                "Name search: the database user may not change %s (owner only). Ask the database "
                "administrator to run: ALTER FUNCTION %s COST %s; (docs/performance.md)",
                PG_FUNCTION,
                PG_FUNCTION,
                cost,
            )


def refresh_search_index(sender, using, **kwargs):
    """post_migrate: put the index back if a migration rebuilt the table (SQLite) or a restore lost the cost."""
    from django.db import connections

    ensure_search_index(connections[using])


def fts_match(words):
    """An FTS5 MATCH expression: every word (as a quoted string; the trigram tokenizer finds substrings)."""
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in words)


def fts_any(fragments):
    return " OR ".join('"' + fragment.replace('"', '""') + '"' for fragment in fragments)
