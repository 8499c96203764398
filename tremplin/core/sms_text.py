"""The text of an SMS, in the GSM 03.38 (GSM-7) alphabet: what is really sent, and what it costs.

Every character of the basic set and of the extension table (€ [ ] { } ~ | ^ \\) is kept as it is, so
"Box internet à 5 €" stays "Box internet à 5 €". French typography is turned into its plain form
(« » → ", ’ → ', narrow spaces → space, … → ...), other letters are transliterated by `anyascii`
(œ → oe, ç → c, ê → e, ł → l), and emoji and other pictographs are dropped: a single character outside
GSM-7 would switch the whole SMS to UCS-2, 70 characters a part instead of 160, and most phones of the
people we write to show a "?" for what the network could not carry.

The notifications room sends `to_gsm7(text)` and counts segments on it; rooms that compose SMS use it
to check their length with `gsm7_length()` (extension characters take two septets).
"""

import re
import unicodedata

from anyascii import anyascii

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

# Typography with a plain equivalent people expect (anyascii would write « as <<).
TYPOGRAPHY = {
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    "„": '"',
    "‘": "'",
    "’": "'",
    "‚": "'",
    "`": "'",
    "´": "'",
    "–": "-",
    "—": "-",
    "‒": "-",
    "−": "-",
    "…": "...",
    "•": "-",
    "œ": "oe",
    "Œ": "OE",
    "×": "x",
}
SPACES = frozenset("\u00a0\u202f\u2009\u2007\u2002\u2003\u2005\u2006\u2008\u200a\t")
# Unicode categories dropped: pictographs and symbols (So), private use, unassigned, format characters
# (zero-width joiner), non-spacing marks left alone (emoji variation selector) and emoji modifiers.
DROPPED_CATEGORIES = frozenset({"So", "Co", "Cn", "Cs", "Cf", "Mn", "Me", "Sk"})


def is_gsm7(text):
    return all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text)


def _fold(char):
    if char in GSM7_BASIC or char in GSM7_EXTENSION:
        return char
    if char in TYPOGRAPHY:
        return TYPOGRAPHY[char]
    if char in SPACES:
        return " "
    if unicodedata.category(char) in DROPPED_CATEGORIES:
        return ""
    folded = "".join(TYPOGRAPHY.get(c, c) for c in anyascii(char))
    return "".join(c for c in folded if c in GSM7_BASIC or c in GSM7_EXTENSION)


def to_gsm7(text):
    """`text` in the GSM-7 alphabet: GSM-7 characters kept, the rest transliterated, emoji dropped."""
    text = unicodedata.normalize("NFC", text or "")
    # French quotes carry a (narrow) space inside: « Découverte » → "Découverte".
    text = re.sub(r"«[ \u00a0\u202f]*", '"', text)
    text = re.sub(r"[ \u00a0\u202f]*»", '"', text)
    folded = "".join(_fold(char) for char in text)
    # A dropped emoji leaves two spaces side by side, or a space at the end of a line.
    folded = re.sub(r" {2,}", " ", folded)
    return re.sub(r" +(\n|$)", r"\1", folded)


def gsm7_length(text):
    """Septets used by a GSM-7 text: extension characters (€, [, ] …) take two."""
    return sum(2 if char in GSM7_EXTENSION else 1 for char in text)
