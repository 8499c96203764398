"""Typo-tolerant comparison of normalised names (see core.text.normalise), shared by search and duplicates.

Pure Python and bounded: callers first narrow the candidates in the database, then compare here.
"""

from functools import lru_cache

# Answers of token_matches kept per process (a pure function of two words): a site's names share few distinct
# words, and the people list re-runs its search on every visit and page (the query is kept in the session).
# About 200 bytes an entry.
TOKEN_CACHE_SIZE = 20_000


def tolerance(token):
    """Edits allowed for a token of this length: none for 1–3 letters, one up to 6, two beyond."""
    if len(token) <= 3:
        return 0
    if len(token) <= 6:
        return 1
    return 2


def edit_distance(a, b, limit):
    """Levenshtein distance between a and b, or limit + 1 as soon as it is certain to exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


@lru_cache(maxsize=TOKEN_CACHE_SIZE)
def token_matches(token, word, *, allow_prefix=True):
    if token == word or (allow_prefix and word.startswith(token)):
        return True
    allowed = tolerance(token)
    return allowed > 0 and edit_distance(token, word, allowed) <= allowed


def query_matches_name(query, name):
    """Search rule: every query token starts or closely spells some word of the name, in any order."""
    words = name.split()
    return bool(words) and all(any(token_matches(token, word) for word in words) for token in query.split())


def query_matcher(query):
    """`query_matches_name(query, ·)` for many names at once: the same answer for every name, but each distinct
    word is compared with the query's tokens once (a site's 1,156 candidate names hold 193 distinct words at
    100,000 people: the edit distances are computed 386 times instead of about 7,000)."""
    tokens = query.split()
    everything = frozenset(range(len(tokens)))
    known = {}  # word -> indices of the tokens it matches
    answers = {}  # name -> answer (namesakes are common)

    def tokens_matched(word):
        found = known.get(word)
        if found is None:
            found = known[word] = frozenset(i for i, token in enumerate(tokens) if token_matches(token, word))
        return found

    def matches(name):
        answer = answers.get(name)
        if answer is None:
            words = name.split()
            matched = set()
            for word in words:
                matched |= tokens_matched(word)
            answer = answers[name] = bool(words) and matched >= everything
        return answer

    return matches


def same_person_name(name_a, name_b):
    """Duplicate rule: both names have the same words, each within the typo tolerance, in any order."""
    words_a, words_b = name_a.split(), name_b.split()
    if not words_a or len(words_a) != len(words_b):
        return False
    unused = list(words_b)
    for token in words_a:
        for index, word in enumerate(unused):
            if token_matches(token, word, allow_prefix=False) or token_matches(word, token, allow_prefix=False):
                del unused[index]
                break
        else:
            return False
    return True


def prefixes(query):
    """Short fragments a candidate name must contain at least one of (first and last three letters).

    Words shorter than three letters ("le", "d" of "d'Artagnan") are left out when longer ones exist:
    they are part of almost every name and would bring the whole table in as candidates.
    """
    tokens = query.split()
    tokens = [token for token in tokens if len(token) >= 3] or tokens
    fragments = set()
    for token in tokens:
        fragments.add(token[:3])
        if len(token) > 3:
            fragments.add(token[-3:])
    return fragments
