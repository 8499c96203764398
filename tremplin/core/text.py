"""Text normalisation shared by search, duplicate detection and address checks."""

import re
import unicodedata

# Letters that Unicode decomposition leaves alone but French names and words use ("Lœtitia", "Cæcilia").
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def strip_accents(value):
    decomposed = unicodedata.normalize("NFKD", value.translate(LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(value):
    """Lower-case, accent-free, punctuation folded to single spaces: "Saint-Étienne " -> "saint etienne"."""
    value = strip_accents(value or "").lower()
    value = re.sub(r"[^a-z0-9]+", " ", value)
    return value.strip()
