"""One search box for a person: name (accent-, case- and typo-tolerant, usage or birth name, any
alphabet), phone, e-mail or a code.

Rooms that issue codes (the referrals' voucher) register a lookup: `register_code_lookup(fn)` where
`fn(code: str, user) -> Beneficiary | None`. Lookups are tried for code-looking queries: one word of
4–24 letters, digits or dashes containing at least one digit (spaces inside are ignored: "LY 7K3P").
"""

import re

from django.conf import settings
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import BooleanField, Q, Value
from django.db.models.expressions import RawSQL

from tremplin.core.formfields import compact_identifier
from tremplin.core.text import normalise

from . import fuzzy
from .models import Beneficiary
from .models.beneficiary import LIST_ORDER, visible_site_ids
from .search_index import SITE_FTS_TABLE, SITE_SPAN, fts_any, fts_match
from .validation import phone_or_none

# PostgreSQL: pg_trgm word similarity from which a query word counts as a typo of a name word
# ("lefebvre" against "helene lefevre" scores 0.55).
WORD_SIMILARITY = 0.5
# PostgreSQL: up to this many matches, the search's ids are read once and its pages read those rows by id.
MAX_MATCH_IDS = 500
# SQLite fallback: how many name candidates are compared in Python at most (exact matches come first).
MAX_FUZZY_CANDIDATES = 2000

_code_lookups = []
CODE_RE = re.compile(r"^(?=.*\d)[A-Za-z0-9-]{4,24}$")
PHONE_CHARS_RE = re.compile(r"^[\d\s+().-]{6,}$")


def register_code_lookup(fn):
    if fn not in _code_lookups:
        _code_lookups.append(fn)
    return fn


def looks_like_code(query):
    return bool(CODE_RE.match(compact_identifier(query)))


def _by_code(query, user):
    for lookup in _code_lookups:
        found = lookup("".join(query.split()), user)
        if found is not None:
            while found.merged_into_id:  # a merged record answers with the record it was merged into
                found = found.merged_into
            return found
    return None


def search_beneficiaries(user, query):
    """Active records `user` may see that match `query`, best first; every visible record for an empty query."""
    base = Beneficiary.objects.visible_to(user).active()
    query = (query or "").strip()
    if not query:
        return base.in_list_order()
    if "@" in query:
        return base.filter(email__iexact=query).in_list_order()
    if PHONE_CHARS_RE.match(query):
        phone = phone_or_none(query)
        if phone:
            return base.with_phone(phone).in_list_order()
    if looks_like_code(query):
        found = _by_code(query, user)
        if found is not None:
            return base.filter(pk=found.pk)
    return search_by_name(base, normalise(query), user=user)


def rows_to_count(user, query):
    """For the people list's bounded count: the same people as `search_beneficiaries(user, query)` in the shape
    a count reads fastest (`counted_visible_to`), or None when the results themselves are to be counted (a
    search: its rows are few, or already read by id)."""
    if (query or "").strip():
        return None
    return Beneficiary.objects.counted_visible_to(user).active()


def search_by_name(base, name, *, user=None):
    """People of `base` whose usage, birth or first name matches `name` (typed text, folded here), best first
    (PostgreSQL: by typo score, then in list order; SQLite: in list order).

    Every typed word must appear in the person's search key (people.names.search_key), or closely spell
    one of its words: "legoff", "le goff" and "Le-Goff" all find "Jean Le Goff".

    With `user` (SQLite), the index is read for the sites whose people `user` may see only (the per-site
    index, people.search_index): `base` must then be within that scope (`visible_to(user)`), as every
    caller's is. Without it, the network-wide index is read and `base` decides.
    """
    name = normalise(name)
    if not name:
        return base.none()
    if settings.IS_POSTGRESQL:
        return _trigram_search(base, name)
    site_ids = sorted(visible_site_ids(user)) if user is not None else None
    if site_ids is not None and not site_ids:
        return base.none()
    return _portable_search(base, name, site_ids)


def _set_word_similarity_threshold():
    # Session setting read by the %> operator; set before each search so that a pooled connection
    # that lost it only falls back to the stricter default (0.6).
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)", [str(WORD_SIMILARITY)])


def _trigram_search(base, name):
    _set_word_similarity_threshold()
    condition = Q()
    score = Value(0.0)
    for token in name.split():
        # Both operators are served by the GIN trigram index: %> (word similarity above
        # WORD_SIMILARITY) for typos, LIKE for what is typed so far. The bitmap of every word is read
        # network-wide, then checked against the user's sites: about 1 ms at 50,000 people (a per-site
        # GIN index was not used by the planner, people.search_index).
        condition &= Q(search_name__trigram_word_similar=token) | Q(search_name__contains=token)
        score = score + TrigramWordSimilarity(token, "search_name")
    matches = base.filter(condition)
    # The index scans grow with the network (every "helene"-like name of every site: 1,416 at 100,000
    # people), and a list reads its results twice (the bounded count, then the page). Read the matches'
    # ids once: when they are few, as a name search's are, the count and the page read those rows by id.
    # More of them than that, and the list reads the search itself, as before (same rows either way).
    ids = list(matches.order_by().values_list("pk", flat=True)[: MAX_MATCH_IDS + 1])
    if len(ids) <= MAX_MATCH_IDS:
        matches = base.filter(pk__in=ids)
    return matches.annotate(score=score).order_by("-score", *LIST_ORDER)


def _fts_matches(expression):
    """The condition "the FTS5 trigram index matches this record's search key" (SQLite).

    On the row's own rowid, the index's key: the database reads the index's matches, then finds each row
    by rowid and checks the user's scope on it (EXISTS on the site links' unique index). The earlier
    shape, `id IN (SELECT id … WHERE rowid IN (…))`, looked every match up twice (rowid, then the id index):
    5 × slower at 100,000 people (issue #14, docs/performance.md).
    """
    return RawSQL(
        '"people_beneficiary"."rowid" IN '
        "(SELECT rowid FROM people_beneficiary_name_fts WHERE people_beneficiary_name_fts MATCH %s)",
        [expression],
        output_field=BooleanField(),
    )


def _site_fts_matches(expression, site_ids):
    """The per-site FTS5 index's matches at `site_ids` (SQLite): each site's entries are one rowid range,
    which FTS5 seeks in each word's list; without an expression, every entry of the sites (short words)."""
    branches, params = [], []
    for site in site_ids:
        match = f"{SITE_FTS_TABLE} MATCH %s AND " if expression else ""
        branches.append(f"SELECT person FROM {SITE_FTS_TABLE} WHERE {match}rowid BETWEEN %s AND %s")  # noqa: S608
        params += [expression] if expression else []
        params += [site * SITE_SPAN, (site + 1) * SITE_SPAN - 1]
    return RawSQL(  # noqa: S611 (constant SQL; the words and sites are parameters)
        f'"people_beneficiary"."id" IN ({" UNION ALL ".join(branches)})', params, output_field=BooleanField()
    )


def _portable_search(base, name, site_ids=None):
    """SQLite: the FTS5 trigram index (people.search_index) narrows, the rule in people.fuzzy decides.

    Words of three letters or more are looked up in the index (substring match, like LIKE '%word%'); shorter
    ones, which a trigram cannot hold, are checked with LIKE on the rows the index already narrowed (with
    `site_ids`, on the sites' entries at least).
    """

    def index(expression):
        if site_ids is None:
            return _fts_matches(expression) if expression else Q()
        return _site_fts_matches(expression, site_ids)

    tokens = name.split()
    long_tokens = [token for token in tokens if len(token) >= 3]
    exact = base.filter(index(fts_match(long_tokens) if long_tokens else ""))
    for token in tokens:
        if len(token) < 3:
            exact = exact.filter(search_name__contains=token)
    matching = set(exact.values_list("pk", flat=True)[:MAX_FUZZY_CANDIDATES])
    fragments = fuzzy.prefixes(name)
    long_fragments = [fragment for fragment in fragments if len(fragment) >= 3]
    room = max(0, MAX_FUZZY_CANDIDATES - len(matching))
    if long_fragments and site_ids is not None:
        # The candidates' keys straight from the per-site index, which stores them: no person row read, no
        # scope check, no sort for candidates that are mostly not kept (1,152 rows read, looked up and sorted
        # for 6 kept at 100,000 people). The scope and the order are applied below, to the kept ones.
        candidates = _site_fts_keys(fts_any(long_fragments), site_ids, room + len(matching))
    elif long_fragments:
        candidates = base.filter(index(fts_any(long_fragments)))
        candidates = candidates.exclude(pk__in=matching).values_list("pk", "search_name")[:room]
    else:
        short = Q()
        for fragment in fragments:
            short |= Q(search_name__contains=fragment)
        candidates = base.filter(index("")).filter(short)
        candidates = candidates.exclude(pk__in=matching).values_list("pk", "search_name")[:room]
    matches = fuzzy.query_matcher(name)
    to_python = Beneficiary._meta.pk.to_python
    for pk, search_name in candidates:
        if matches(search_name):
            matching.add(to_python(pk))  # the per-site index gives the id as stored: converted when kept only
    return base.filter(pk__in=matching).in_list_order()


def _site_fts_keys(expression, site_ids, limit):
    """[(person id as stored, search key)] of the per-site index's entries matching `expression` at `site_ids`
    (SQLite), at most `limit`, in the index's order. The same person may come twice (followed by two of the sites), and
    merged or anonymised records are there too: the caller's final filter on its scope drops them."""
    branch = (
        f"SELECT person, search_name FROM {SITE_FTS_TABLE} WHERE {SITE_FTS_TABLE} MATCH %s AND rowid BETWEEN %s AND %s"  # noqa: S608 (constant)
    )
    params = []
    for site in site_ids:
        params += [expression, site * SITE_SPAN, (site + 1) * SITE_SPAN - 1]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join([branch] * len(site_ids)) + " LIMIT %s", [*params, limit])
        return cursor.fetchall()
