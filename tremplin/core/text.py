"""Text folding shared by search, duplicate detection, address checks and file imports.

One rule for the whole app: `fold()` writes any text in plain ASCII letters the way a French user would
type it on a keyboard without accents, and `normalise()` makes a comparison key of it. Letters without a
Unicode decomposition (ø, æ, œ, ß, ı, đ, ł, þ) and other alphabets (Cyrillic, Greek, Arabic, Chinese…)
are transliterated by anyascii (README, "Decisions") instead of being lost: "Søren" -> "Soren",
"Иван" -> "Ivan".
"""

import re

from anyascii import anyascii

NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def fold(value):
    """`value` in ASCII, accents removed and other letters transliterated: "Łukasz Wałęsa" -> "Lukasz Walesa"."""
    return anyascii(value or "")


def normalise(value):
    """Lower-case ASCII words separated by single spaces: "Saint-Étienne " -> "saint etienne", "Søren" -> "soren"."""
    return NOT_ALPHANUMERIC.sub(" ", fold(value).lower()).strip()
