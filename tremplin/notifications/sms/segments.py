"""How many SMS segments a text costs (GSM 03.38 alphabet, else UCS-2).

A single GSM-7 SMS holds 160 septets; a long one is cut into parts of 153 (the rest carries the
concatenation header). Characters of the extension table (€, [, ], {, }, ~, ^, |, \\, form feed)
take two septets and are never split across parts. A text with any other character is sent in UCS-2:
70 code units in one SMS, 67 per part otherwise. What we send is always GSM-7 (core/sms_text.py
`to_gsm7`): count the segments of the converted text.
"""

from tremplin.core.sms_text import GSM7_BASIC, GSM7_EXTENSION, is_gsm7

GSM7 = "gsm7"
UCS2 = "ucs2"

__all__ = ["GSM7", "GSM7_BASIC", "GSM7_EXTENSION", "UCS2", "count_segments", "is_gsm7", "non_gsm7_characters"]


def _count_parts(costs, single, multi):
    """Greedy split of a sequence of unit costs into SMS parts (an item is never cut in two)."""
    costs = list(costs)
    if sum(costs) <= single:
        return 1 if costs else 0
    parts, used = 1, 0
    for cost in costs:
        if used + cost > multi:
            parts += 1
            used = 0
        used += cost
    return parts


def count_segments(text):
    """Return (encoding, segments) for `text`: ("gsm7", n) or ("ucs2", n); ("gsm7", 0) when empty."""
    if is_gsm7(text):
        return GSM7, _count_parts((2 if char in GSM7_EXTENSION else 1 for char in text), 160, 153)
    # UTF-16 code units: a character outside the BMP (an emoji) takes two and stays whole.
    return UCS2, _count_parts((2 if ord(char) > 0xFFFF else 1 for char in text), 70, 67)


def non_gsm7_characters(text):
    """The characters that force UCS-2 (to help writers keep an SMS to one segment)."""
    return sorted({char for char in text if char not in GSM7_BASIC and char not in GSM7_EXTENSION})
