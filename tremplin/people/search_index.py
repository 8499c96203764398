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

Both index every person of the network. A user searches only the people of their sites, so SQLite also
has a **per-site index** (docs/performance.md, "Name search per site"): the FTS5 trigram table
`people_site_name_fts` (search key, person id), one entry per site link, whose rowid is
`site id × 2^32 + link id`: one site's entries are one rowid range, and FTS5 seeks each word's list to
that range (`MATCH … AND rowid BETWEEN …`) instead of reading the network's matches and looking each one
up. Triggers on the links and on `search_name` keep it in step. PostgreSQL has none: a GIN index on
(site_id, search_name gin_trgm_ops) with `btree_gin` was built and measured, and the planner never put the
site into the index condition (it prices the site's long entry above the rows it would save), while the
network-wide bitmap of both words already answers in about 1 ms at 50,000 people.

`ensure_search_index()` / `ensure_site_index()` are idempotent and cheap; they run after every `migrate`
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
# The per-site index. SQLite: rowid = site id × SITE_SPAN + link id, so a site's entries are one range.
SITE_FTS_TABLE = "people_site_name_fts"
SITE_SPAN = 2**32
SITE_MIGRATION = ("people", "0014_site_search_index")
# The triggers write SITE_SPAN (2^32) as a number.
SITE_TRIGGERS = {
    # A new link: the person's key, filed under the site.
    "people_site_name_fts_ai": """
        CREATE TRIGGER IF NOT EXISTS people_site_name_fts_ai AFTER INSERT ON people_beneficiary_sites BEGIN
            INSERT INTO people_site_name_fts(rowid, search_name, person)
                SELECT new.site_id * 4294967296 + new.id, b.search_name, b.id
                FROM people_beneficiary b WHERE b.id = new.beneficiary_id;
        END""",
    "people_site_name_fts_ad": """
        CREATE TRIGGER IF NOT EXISTS people_site_name_fts_ad AFTER DELETE ON people_beneficiary_sites BEGIN
            DELETE FROM people_site_name_fts WHERE rowid = old.site_id * 4294967296 + old.id;
        END""",
    "people_site_name_fts_au": """
        CREATE TRIGGER IF NOT EXISTS people_site_name_fts_au AFTER UPDATE ON people_beneficiary_sites BEGIN
            DELETE FROM people_site_name_fts WHERE rowid = old.site_id * 4294967296 + old.id;
            INSERT INTO people_site_name_fts(rowid, search_name, person)
                SELECT new.site_id * 4294967296 + new.id, b.search_name, b.id
                FROM people_beneficiary b WHERE b.id = new.beneficiary_id;
        END""",
    # A renamed (or anonymised) person: the key under each of their sites.
    "people_site_name_fts_nu": """
        CREATE TRIGGER IF NOT EXISTS people_site_name_fts_nu AFTER UPDATE OF search_name ON people_beneficiary
        BEGIN
            UPDATE people_site_name_fts SET search_name = new.search_name WHERE rowid IN
                (SELECT site_id * 4294967296 + id FROM people_beneficiary_sites WHERE beneficiary_id = new.id);
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


def ensure_site_index(connection):
    """SQLite: the per-site index, created and filled if it or one of its triggers is missing (idempotent, cheap)."""
    if connection.vendor == "sqlite":
        _ensure_site_fts(connection)


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


def _ensure_site_fts(connection):
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if "people_beneficiary" not in tables or "people_beneficiary_sites" not in tables:
            return
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s", [SITE_FTS_TABLE + "%"]
        )
        present = {name for (name,) in cursor.fetchall()}
        if SITE_FTS_TABLE in present and set(SITE_TRIGGERS) <= present:
            return
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {SITE_FTS_TABLE} USING fts5("
            "search_name, person UNINDEXED, tokenize='trigram')"
        )
        for sql in SITE_TRIGGERS.values():
            cursor.execute(sql)
        # A trigger was missing (new index, or a table was rebuilt): refill from the links.
        cursor.execute(f"DELETE FROM {SITE_FTS_TABLE}")  # noqa: S608 (constant)
        cursor.execute(
            f"INSERT INTO {SITE_FTS_TABLE}(rowid, search_name, person) "  # noqa: S608 (constant)
            f"SELECT l.site_id * {SITE_SPAN} + l.id, b.search_name, b.id "
            "FROM people_beneficiary_sites l JOIN people_beneficiary b ON b.id = l.beneficiary_id"
        )


def drop_site_index(connection):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for name in SITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {SITE_FTS_TABLE}")


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
    """post_migrate: put the indexes back if a migration rebuilt a table (SQLite) or a restore lost the cost."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    ensure_search_index(connection)
    # Not after migrating back before the migration that brings it (its reverse dropped it).
    if connection.vendor == "sqlite" and SITE_MIGRATION in MigrationRecorder(connection).applied_migrations():
        ensure_site_index(connection)


def suspend_site_index(sender, using, plan=None, **kwargs):
    """pre_migrate (SQLite): drop the per-site index's triggers before migrations run; post_migrate refills.

    Its triggers name both tables (a link's trigger reads the person's key, a person's trigger finds their
    links). Django alters a SQLite table by rebuilding it — drop the table, rename the new one — and SQLite
    refuses the rename while a trigger names a table that does not exist at that moment. Nothing to migrate
    (an empty plan): the triggers stay.
    """
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite" or not plan:
        return
    with connection.cursor() as cursor:
        for name in SITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def fts_match(words):
    """An FTS5 MATCH expression: every word (as a quoted string; the trigram tokenizer finds substrings)."""
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in words)


def fts_any(fragments):
    return " OR ".join('"' + fragment.replace('"', '""') + '"' for fragment in fragments)
