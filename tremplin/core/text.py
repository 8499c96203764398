"""Text normalisation shared by search, duplicate detection and address checks."""

import re
import unicodedata


def strip_accents(value):
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(value):
    """Lower-case, accent-free, punctuation folded to single spaces: "Saint-Étienne " -> "saint etienne"."""
    value = strip_accents(value or "").lower()
    value = re.sub(r"[^a-z0-9]+", " ", value)
    return value.strip()
