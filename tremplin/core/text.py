"""Text folding shared by search, duplicate detection, address checks and file imports.

One rule for the whole app: `fold()` writes any text in plain ASCII letters the way a French user would
type it on a keyboard without accents, and `normalise()` makes a comparison key of it. Letters without a
Unicode decomposition (ø, æ, œ, ß, ı, đ, ł, þ) and other alphabets (Cyrillic, Greek, Arabic, Chinese…)
are transliterated by anyascii (README, "Decisions") instead of being lost: "Søren" -> "Soren",
"Иван" -> "Ivan".

Joining data into French sentences: `fill()` puts values into a translated message the way French writes
them — "de" + "Outremer" → "d'Outremer", "à" + "Le Port" → "au Port", "que" + "Anne" → "qu'Anne" — and a
value put between « » that already holds « » gets second-level quotes inside (« Parcours “Débuter” »).
Templates use the same rules through the `|french_join` and `|inside_quotes` filters (core/templatetags).
"""

import re
import unicodedata

from anyascii import anyascii

NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def fold(value):
    """`value` in ASCII, accents removed and other letters transliterated: "Łukasz Wałęsa" -> "Lukasz Walesa"."""
    return anyascii(value or "")


def latin_spelling(value):
    """`value` spelt in Latin letters when it holds letters of another alphabet, else "".

    "Иван" -> "Ivan", "محمد" -> "mhmd" (anyascii: Arabic script writes no short vowels, so neither does the
    transliteration), "Hélène" -> "" (already Latin: nothing to add). Shown beside a name so that staff who do
    not read the script can say and search it (search folds names the same way, `fold()`).
    """
    value = value or ""
    if not any(char.isalpha() and not unicodedata.name(char, "").startswith("LATIN") for char in value):
        return ""
    return " ".join(anyascii(value).split())


def siret_as_printed(value):
    """A SIRET as INSEE prints it, the SIREN in groups of three then the NIC: « 73282932000074 » →
    « 732 829 320 00074 », with no-break spaces (it never splits across lines). A value that is not 14 digits is
    returned as stored."""
    digits = str(value or "")
    if len(digits) != 14 or not digits.isdigit():
        return digits
    return "\u00a0".join([digits[0:3], digits[3:6], digits[6:9], digits[9:]])


def normalise(value):
    """Lower-case ASCII words separated by single spaces: "Saint-Étienne " -> "saint etienne", "Søren" -> "soren"."""
    return NOT_ALPHANUMERIC.sub(" ", fold(value).lower()).strip()


# Elision before a vowel sound: a vowel, "y" before a consonant (Yves, not Yann), or "h" before é/è/ê/y
# (Hélène, Hyères). Other initial "h" are left alone: an "h aspiré" (Haguenau, Hazebrouck) refuses elision,
# and a name cannot tell which it is; "de Hugo" is old-fashioned, "d'Haguenau" would be wrong.
_VOWEL_SOUND = re.compile(r"^(?:[aeiouàâäéèêëîïôöùûüœæ]|y[^aeiouyàâäéèêëîïôöùûü]|h[éèêy])", re.IGNORECASE)
# Names that begin with the article "Le"/"Les" (Le Port, Les Abymes, Le Relais…): "à" and "de" contract with it.
# Only the title-case article: "LE GALL Yann" (a surname written first, in capitals) is left as it is.
_ARTICLE = re.compile(r"^(Les?) (?=\w)")
_ELIDED = {"de": "d'", "que": "qu'", "jusque": "jusqu'"}
_CONTRACTED = {("de", "Le"): "du", ("de", "Les"): "des", ("à", "Le"): "au", ("à", "Les"): "aux"}
# A preposition right before a placeholder of a message: "de %(name)s", "À %(site)s".
_BEFORE_PLACEHOLDER = re.compile(r"(?<![\w'’])(de|De|que|Que|jusque|à|À) %\((\w+)\)s")
_QUOTED_PLACEHOLDER = re.compile(r"« %\((\w+)\)s »")


def join_word(word, value):
    """`word` + " " + `value` as French writes it: ("de", "Outremer") -> "d'Outremer", ("à", "Le Port") -> "au Port".

    `word` keeps its capital ("De", "À"); a value that does not start with a letter ("97400", "« X »") is left
    as it is.
    """
    value = str(value)
    lower = word.lower()
    article = _ARTICLE.match(value)
    if article and (lower, article.group(1)) in _CONTRACTED:
        joined = _CONTRACTED[(lower, article.group(1))]
        joined = joined.capitalize() if word[:1].isupper() else joined
        return f"{joined} {value[article.end() :]}"
    if lower in _ELIDED and _VOWEL_SOUND.match(value):
        elided = _ELIDED[lower]
        return f"{elided.capitalize() if word[:1].isupper() else elided}{value}"
    return f"{word} {value}"


def inside_quotes(value):
    """A value about to be put between « »: its own « » become “ ” (second-level quotes), and a value that is
    already wholly between « » loses them: "Parcours « Débuter »" -> "Parcours “Débuter”", "« Débuter »" -> "Débuter".
    """
    value = str(value).strip()
    if value.startswith("«") and value.endswith("»") and value.count("«") == 1:
        value = value[1:-1].strip()
    return re.sub(r"«\s*", "“", re.sub(r"\s*»", "”", value))


def fill(message, **values):
    """`message % values`, with the French joins of `join_word()` where a value follows "de", "à" or "que",
    and `inside_quotes()` where it sits between « ». The translated message keeps its own wording: in another
    language nothing matches and this is a plain `%`.
    """
    message = str(message)

    def quoted(match):
        key = match.group(1)
        if key not in values:
            return match.group(0)
        return "« " + inside_quotes(values[key]).replace("%", "%%") + " »"

    def joined(match):
        word, key = match.groups()
        if key not in values:
            return match.group(0)
        return join_word(word, values[key]).replace("%", "%%")

    message = _QUOTED_PLACEHOLDER.sub(quoted, message)
    return _BEFORE_PLACEHOLDER.sub(joined, message) % values


def _right_to_left_languages():
    from django.conf.locale import LANG_INFO

    return frozenset(code for code, info in LANG_INFO.items() if info.get("bidi"))


# Languages written right to left (Django's own language table: `bidi`), for `dir="rtl"` and PDF layout.
RTL_LANGUAGES = _right_to_left_languages()
